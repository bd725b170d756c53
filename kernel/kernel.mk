# The mini-kernel: boot sector, loader, and the kernel in two builds.
#   host  (KERNEL_HOST):  higher half; the native image and the labs' monitors
#   guest (KERNEL_GUEST): linked low, run by the monitors, bootable natively too
# Outputs: $(BUILD)/kernel/vlab.img (host build, self-tests), guest.img, and
# each build's kernel.elf (symbols for GDB).

KDIR := $(BUILD)/kernel
KROOT :=
TOOLKIT = $(KDIR)
include mk/kernel-flags.mk
include mk/toolkit.mk

KERNEL_CORE := main.c lib/printf.c lib/stdio.c lib/console.c lib/string.c mm/palloc.c mm/pagetable.c \
	mm/mem.c arch/entry.S arch/trapentry.S arch/trap.c arch/gdt.c arch/user.c arch/pic.c \
	arch/pit.c arch/serial.c arch/power.c arch/pvops.c arch/cpu.c
# Ring 3 from ring 0 is the host's business: a guest is already in ring 3
# under the trap-and-emulate monitor.
KERNEL_SELFTEST_host := $(KERNEL_SELFTEST) selftest/user.c
KERNEL_SELFTEST_guest := $(KERNEL_SELFTEST)

kernel_objs = $(patsubst %,$(KDIR)/$(1)/%.o,$(basename $(2)))

# One set of rules per build: $(1) = host or guest, $(2) = its flags.
define KERNEL_BUILD
$(KDIR)/$(1)/%.o: kernel/%.c
	@mkdir -p $$(@D)
	$$(quiet) "  CC      $$< ($(1))"
	$$(Q)$$(CC) $$(KERNEL_CFLAGS) $(2) -MMD -MP -c -o $$@ $$<
$(KDIR)/$(1)/%.o: kernel/%.S
	@mkdir -p $$(@D)
	$$(quiet) "  AS      $$< ($(1))"
	$$(Q)$$(CC) $$(KERNEL_CFLAGS) $(2) -MMD -MP -c -o $$@ $$<
$(KDIR)/$(1)/libkernel.a: $(call kernel_objs,$(1),$(KERNEL_CORE))
	@rm -f $$@
	$$(quiet) "  AR      $$@"
	$$(Q)ar rcs $$@ $$^
$(KDIR)/$(1)/kernel.ld: kernel/kernel.ld.S kernel/include/bootinfo.h
	@mkdir -p $$(@D)
	$$(Q)$$(CC) -E -P -x c -D__ASSEMBLER__ -DKERNEL_VIRT_OFFSET=$(if $(filter host,$(1)),0xffffffff80000000,0) -Ikernel/include -o $$@ $$<
$(KDIR)/$(1)/kernel.elf: $(call kernel_objs,$(1),$(KERNEL_SELFTEST_$(1))) $(KDIR)/$(1)/libkernel.a $(KDIR)/$(1)/kernel.ld
	$$(quiet) "  LD      $$@"
	$$(Q)$$(CC) $$(KERNEL_LDFLAGS) -T $(KDIR)/$(1)/kernel.ld -o $$@ \
		$(call kernel_objs,$(1),$(KERNEL_SELFTEST_$(1))) $(KDIR)/$(1)/libkernel.a
-include $$(patsubst %.o,%.d,$(call kernel_objs,$(1),$(KERNEL_CORE) $(KERNEL_SELFTEST_$(1))))
endef
$(KDIR)/host/libvmm.a: $(call kernel_objs,host,$(VMM_SRCS))
	@rm -f $@
	$(quiet) "  AR      $@"
	$(Q)ar rcs $@ $^
-include $(patsubst %.o,%.d,$(call kernel_objs,host,$(VMM_SRCS)))
$(eval $(call KERNEL_BUILD,host,$(KERNEL_HOST_FLAGS)))
$(eval $(call KERNEL_BUILD,guest,$(KERNEL_GUEST_FLAGS)))

# Boot sector and loader: 16-bit flat binaries.
$(KDIR)/boot/%.elf: kernel/boot/%.S kernel/boot/fail16.inc kernel/include/bootinfo.h
	@mkdir -p $(@D)
	$(quiet) "  AS      $<"
	$(Q)$(CC) -c -Ikernel/include -o $(@:.elf=.o) $<
	$(Q)ld -T kernel/boot/boot.ld --defsym LOAD_ADDR=$(if $(filter bootsect,$*),0x7c00,0x8000) -o $@ $(@:.elf=.o)
$(KDIR)/%.bin: $(KDIR)/%.elf
	$(Q)objcopy -O binary $< $@
.SECONDARY: $(MICRO_GUESTS:%=$(KDIR)/micro/%.elf) $(MICRO_GUESTS:%=$(KDIR)/micro/%.bin)
$(KDIR)/mkimage: kernel/boot/mkimage.c kernel/include/bootinfo.h
	@mkdir -p $(@D)
	$(quiet) "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -Ikernel/include -o $@ $<

BOOT_PARTS := $(KDIR)/mkimage $(KDIR)/boot/bootsect.bin $(KDIR)/boot/loader.bin
$(KDIR)/vlab.img: $(BOOT_PARTS) $(KDIR)/host/kernel.bin
	$(quiet) "  IMAGE   $@"
	$(Q)$(KDIR)/mkimage $@ $(KDIR)/boot/bootsect.bin $(KDIR)/boot/loader.bin $(KDIR)/host/kernel.bin
$(KDIR)/guest.img: $(BOOT_PARTS) $(KDIR)/guest/kernel.bin
	$(quiet) "  IMAGE   $@"
	$(Q)$(KDIR)/mkimage $@ $(KDIR)/boot/bootsect.bin $(KDIR)/boot/loader.bin $(KDIR)/guest/kernel.bin

# The hypervisor toolkit (kernel/vmm/README.md): libvmm.a (host build);
# the micro-guests, micro/NAME.img booting each natively (the baseline),
# and the hostile guests, hostile/NAME.img;
# micro-expect, the line each must print for a seed (mk/toolkit.mk).
$(KDIR)/micro/%.elf: $(KDIR)/guest/vmm/guests/%.o $(MICRO_RT_OBJS) $(KDIR)/guest/kernel.ld
	@mkdir -p $(@D)
	$(quiet) "  LD      $@"
	$(Q)$(MICRO_LINK) -o $@ $< $(MICRO_RT_OBJS)
$(KDIR)/micro/%.img: $(BOOT_PARTS) $(KDIR)/micro/%.bin
	$(quiet) "  IMAGE   $@"
	$(Q)$(KDIR)/mkimage $@ $(KDIR)/boot/bootsect.bin $(KDIR)/boot/loader.bin $(KDIR)/micro/$*.bin
-include $(patsubst %,$(KDIR)/guest/vmm/guests/%.d,rt $(MICRO_GUESTS))
MICRO_EXPECT := $(KDIR)/micro-expect
$(MICRO_EXPECT): $(MICRO_EXPECT_SRCS) $(wildcard kernel/vmm/guests/*.h kernel/include/*.h)
	$(quiet) "  HOSTCC  $@"
	$(Q)$(MICRO_EXPECT_CC) -o $@ $(MICRO_EXPECT_SRCS)
MICRO_IMAGES := $(MICRO_GUESTS:%=$(KDIR)/micro/%.img)
# The hostile guests, hostile/NAME.img booting each natively.
$(KDIR)/hostile/%.elf: $(KDIR)/guest/vmm/guests/hostile-%.o $(MICRO_RT_OBJS) $(HOSTILE_RT_OBJS) \
		$(KDIR)/guest/kernel.ld
	@mkdir -p $(@D)
	$(quiet) "  LD      $@"
	$(Q)$(MICRO_LINK) -o $@ $< $(MICRO_RT_OBJS) $(HOSTILE_RT_OBJS)
$(KDIR)/hostile/%.img: $(BOOT_PARTS) $(KDIR)/hostile/%.bin
	$(quiet) "  IMAGE   $@"
	$(Q)$(KDIR)/mkimage $@ $(KDIR)/boot/bootsect.bin $(KDIR)/boot/loader.bin $(KDIR)/hostile/$*.bin
.SECONDARY: $(HOSTILE_GUESTS:%=$(KDIR)/hostile/%.elf) $(HOSTILE_GUESTS:%=$(KDIR)/hostile/%.bin)
-include $(patsubst %,$(KDIR)/guest/vmm/guests/%.d,hostile $(HOSTILE_GUESTS:%=hostile-%))
HOSTILE_IMAGES := $(HOSTILE_GUESTS:%=$(KDIR)/hostile/%.img)

.PHONY: kernel vmm-toolkit
kernel: $(KDIR)/vlab.img $(KDIR)/guest.img $(KDIR)/host/libvmm.a $(MICRO_IMAGES) $(HOSTILE_IMAGES) \
	$(MICRO_EXPECT)
# What mk/lab-image.mk takes from here to build a lab's image, and no more:
# a graded build starts from nothing, so the native images are left out.
vmm-toolkit: $(KDIR)/host/libkernel.a $(KDIR)/host/libvmm.a $(KDIR)/host/kernel.ld \
	$(KDIR)/guest/kernel.bin $(KDIR)/guest/libkernel.a $(GUEST_SELFTEST_OBJS) \
	$(KDIR)/guest/kernel.ld $(MICRO_GUESTS:%=$(KDIR)/micro/%.bin) \
	$(HOSTILE_GUESTS:%=$(KDIR)/hostile/%.bin) $(MICRO_RT_OBJS) $(HOSTILE_RT_OBJS) $(BOOT_PARTS) \
	$(MICRO_EXPECT)

# Unit tests on the host: printf, the page allocator and the page tables,
# over simulated RAM (kernel/tests/sim.c); the toolkit's guest memory, guest
# boot, devices and exit statistics.
KUNIT := $(KDIR)/tests/kernel-unit
KUNIT_SRCS := kernel/tests/main.c kernel/tests/sim.c kernel/tests/test_printf.c \
	kernel/tests/test_palloc.c kernel/tests/test_pagetable.c kernel/tests/test_gmem.c \
	kernel/tests/test_guest.c kernel/tests/test_uart.c kernel/tests/test_pic.c \
	kernel/tests/test_pit.c kernel/tests/test_ioapic.c kernel/tests/test_iobus.c kernel/tests/test_exitstat.c \
	kernel/tests/test_vm.c kernel/lib/printf.c kernel/mm/palloc.c kernel/mm/pagetable.c \
	$(addprefix kernel/,$(VMM_PURE)) grader/vlab_unit.c
$(KUNIT): $(KUNIT_SRCS) $(wildcard kernel/include/*.h kernel/tests/*.h kernel/vmm/*.h \
		kernel/vmm/vdev/*.h grader/vlab_unit.h)
	@mkdir -p $(@D)
	$(quiet) "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -DVLAB_UNIT_SELF -Ikernel/include -Ikernel/vmm -Igrader -o $@ $(KUNIT_SRCS) -lcunit

TEST_SUITES += kernel
.PHONY: test-kernel
test-kernel: kernel $(KUNIT)
	@$(MAKE) --no-print-directory -s -C kernel/vmm/tests
	@BUILD=$(BUILD) kernel/tests/run
