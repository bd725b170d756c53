# A hypervisor lab's image (kernel/vmm/README.md): the lab's monitor (the
# host kernel, libvmm.a and the lab's objects) and the guest payloads, in
# one bootable disk image.  A lab's Makefile names its sources and includes
# this file:
#
#	ROOT := ../..
#	LAB_SRCS := monitor.c decode.c emulate.c
#	MICRO_HIDDEN := $(wildcard tests/hidden/*.c)   # hidden micro-guests, if any
#	LAB_CFLAGS := -Wno-unused-parameter           # flags of its own, if any
#	include $(ROOT)/mk/lab-image.mk
#
# make (all): build/lab.img (B=DIR for another folder), whose payloads are "selftest" (the guest build),
# every micro-guest and hostile guest of kernel/vmm/guests/ and the micro-guests
# of MICRO_HIDDEN (a lab's hidden files: the pristine tree has them, a handout does not)
# and of LAB_MICRO;
# build/monitor.elf and build/micro/NAME.elf for GDB; build/micro-expect,
# which knows the hidden micro-guests too.  The lab's Makefile keeps its own
# targets (unit tests, clean) beside these.
#
# A lab with more than one monitor (lab 04 runs its guest on lab 02's and on
# lab 03's) sets MONITORS to their names, and for each NAME: NAME_DIR, the
# folder of its sources, and NAME_SRCS, their names there (or objects,
# NAME.o, linked as they are: a monitor handed out compiled); it gets
# build/NAME/lab.img and build/NAME/monitor.elf.  LAB_OBJS (objects the lab
# builds itself) go into every monitor, GUEST_BIN replaces the guest build
# as "selftest", and LAB_DATA (NAME=FILE) are payloads of data, no guest.
B ?= build
KROOT := $(ROOT)/
TOOLKIT := $(ROOT)/build/kernel
include $(ROOT)/mk/config.mk
include $(ROOT)/mk/kernel-flags.mk
include $(ROOT)/mk/toolkit.mk

# The lab's own micro-guests: the hidden ones and, in LAB_MICRO, public
# ones (lab 04's, linked with MICRO_LINK_OBJS, the lab's guest code).
LAB_GUESTS := $(MICRO_HIDDEN) $(LAB_MICRO)
LAB_GUEST_NAMES := $(basename $(notdir $(LAB_GUESTS)))
GUEST_BIN ?= $(TOOLKIT)/guest/kernel.bin
PAYLOADS := selftest=$(GUEST_BIN) \
	$(foreach g,$(MICRO_GUESTS),$(g)=$(TOOLKIT)/micro/$(g).bin) \
	$(foreach g,$(HOSTILE_GUESTS),$(g)=$(TOOLKIT)/hostile/$(g).bin) \
	$(foreach g,$(LAB_GUEST_NAMES),$(g)=$(B)/micro/$(g).bin) \
	$(foreach d,$(LAB_DATA),$(firstword $(subst =, ,$(d)))=data:$(lastword $(subst =, ,$(d))))
# One monitor, from the lab's own sources, unless the lab names several.
ifeq ($(MONITORS),)
MONITOR_IMAGES := $(B)/lab.img
else
MONITOR_IMAGES := $(MONITORS:%=$(B)/%/lab.img)
endif

.PHONY: all toolkit
all: $(MONITOR_IMAGES) $(B)/micro-expect

# The tree's own build brings the kernel and the toolkit up to date first.
# Its files are remade by that recursive make (an empty recipe here); make
# looks at their times again afterwards, so what depends on them is rebuilt
# only when they changed.
toolkit:
	$(Q)$(MAKE) --no-print-directory -s -C $(ROOT) vmm-toolkit
TOOLKIT_LIBS := $(TOOLKIT)/host/libvmm.a $(TOOLKIT)/host/libkernel.a $(TOOLKIT)/host/kernel.ld
TOOLKIT_GUEST := $(MICRO_RT_OBJS) $(TOOLKIT)/guest/kernel.ld
TOOLKIT_IMAGE := $(TOOLKIT)/mkimage $(TOOLKIT)/boot/bootsect.bin $(TOOLKIT)/boot/loader.bin \
	$(filter-out data:%,$(foreach p,$(PAYLOADS),$(lastword $(subst =, ,$(p)))))
$(sort $(TOOLKIT_LIBS) $(TOOLKIT_GUEST) $(filter-out $(B)/%,$(filter $(TOOLKIT)/%,$(TOOLKIT_IMAGE)))): toolkit ;

# A monitor: $(call MONITOR,OUT,SRCDIR,SRCS) builds OUT/monitor.elf and
# OUT/lab.img from SRCS in SRCDIR and LAB_OBJS.  Its objects have a folder
# of their own: a lab's unit tests build some of the same sources for the
# host, as $(B)/NAME.o.
define MONITOR
$(1)/monitor/%.o: $(2)/%.c | toolkit
	@mkdir -p $$(@D)
	$$(quiet) "  CC      $$< (monitor)"
	$$(Q)$$(CC) $$(KERNEL_CFLAGS) $$(KERNEL_HOST_FLAGS) $$(LAB_CFLAGS) -I$(2) -MMD -MP -c -o $$@ $$<
$(1)/monitor/%.o: $(2)/%.S | toolkit
	@mkdir -p $$(@D)
	$$(quiet) "  AS      $$< (monitor)"
	$$(Q)$$(CC) $$(KERNEL_CFLAGS) $$(KERNEL_HOST_FLAGS) $$(LAB_CFLAGS) -I$(2) -MMD -MP -c -o $$@ $$<
$(1)/monitor/%.o: $(2)/%.o
	@mkdir -p $$(@D)
	$$(Q)cp $$< $$@
-include $(patsubst %,$(1)/monitor/%.d,$(basename $(3)))
$(1)/monitor.elf: $(patsubst %,$(1)/monitor/%.o,$(basename $(3))) $(LAB_OBJS) $(TOOLKIT_LIBS)
	$$(quiet) "  LD      $$@"
	$$(Q)$$(CC) $$(KERNEL_LDFLAGS) -T $(TOOLKIT)/host/kernel.ld -o $$@ \
		$(patsubst %,$(1)/monitor/%.o,$(basename $(3))) $(LAB_OBJS) \
		$(TOOLKIT)/host/libvmm.a $(TOOLKIT)/host/libkernel.a
$(1)/lab.img: $(1)/monitor.bin $(LAB_GUEST_NAMES:%=$(B)/micro/%.bin) $(TOOLKIT_IMAGE) \
		$(foreach d,$(LAB_DATA),$(lastword $(subst =, ,$(d))))
	$$(quiet) "  IMAGE   $$@"
	$$(Q)$(TOOLKIT)/mkimage $$@ $(TOOLKIT)/boot/bootsect.bin $(TOOLKIT)/boot/loader.bin \
		$(1)/monitor.bin $(PAYLOADS)
endef
ifeq ($(MONITORS),)
$(eval $(call MONITOR,$(B),.,$(LAB_SRCS)))
else
$(foreach m,$(MONITORS),$(eval $(call MONITOR,$(B)/$(m),$($(m)_DIR),$($(m)_SRCS))))
endif

# The lab's micro-guests, built as kernel/kernel.mk builds the others.
define LAB_GUEST
$(B)/micro/$(basename $(notdir $(1))).o: $(1) | toolkit
	@mkdir -p $$(@D)
	$$(quiet) "  CC      $(1) (micro-guest)"
	$$(Q)$$(CC) $$(KERNEL_CFLAGS) $$(KERNEL_GUEST_FLAGS) -I$(ROOT)/kernel/vmm/guests -I. -c -o $$@ $(1)
endef
$(foreach s,$(LAB_GUESTS),$(eval $(call LAB_GUEST,$(s))))
$(B)/micro/%.elf: $(B)/micro/%.o $(TOOLKIT_GUEST) $(MICRO_LINK_OBJS)
	$(Q)$(MICRO_LINK) -o $@ $< $(MICRO_LINK_OBJS) $(MICRO_RT_OBJS)

$(B)/%.bin: $(B)/%.elf
	$(Q)objcopy -O binary $< $@

$(B)/micro-expect: $(MICRO_EXPECT_SRCS) $(LAB_GUESTS) \
		$(wildcard $(ROOT)/kernel/vmm/guests/*.h $(ROOT)/kernel/include/*.h *.h)
	$(quiet) "  HOSTCC  $@"
	$(Q)$(MICRO_EXPECT_CC) -I. -o $@ $(MICRO_EXPECT_SRCS) $(LAB_GUESTS)

.SECONDARY:
