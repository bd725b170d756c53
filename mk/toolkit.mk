# What kernel/vmm/ is made of, for the kernel's build (kernel/kernel.mk) and
# a lab's image (mk/lab-image.mk).  KROOT: the way to the tree's root, with
# its slash; TOOLKIT: the kernel's build folder.

# libvmm.a; vmcreate.c reads the boot and the lab image, the rest also runs
# in the host unit tests.
VMM_PURE := vmm/refuse.c vmm/gmem.c vmm/guest.c vmm/payload.c vmm/vcpu.c vmm/exitstat.c \
	vmm/vm.c vmm/paravirt.c vmm/vdev/iobus.c vmm/vdev/uart.c vmm/vdev/pic.c vmm/vdev/pit.c vmm/vdev/ioapic.c \
	vmm/vdev/power.c
VMM_SRCS := $(VMM_PURE) vmm/vmcreate.c

# The self-test suite (kernel/selftest/): the guest build is it and
# libkernel.a; lab 04 links it again with its paravirtual backend.
KERNEL_SELFTEST := selftest/main.c selftest/cpu.c selftest/io.c selftest/irq.c \
	selftest/paging.c selftest/faults.c selftest/detect.c
GUEST_SELFTEST_OBJS = $(patsubst %,$(TOOLKIT)/guest/%.o,$(basename $(KERNEL_SELFTEST)))

# Micro-guests (kernel/vmm/guests/micro.h): each links one guest file with
# the runtime and the kernel's console, in the guest build.
MICRO_GUESTS := io irqflags crmsr desc pagefault timer mmio
MICRO_RT := arch/entry.S arch/trapentry.S lib/printf.c lib/console.c lib/string.c \
	arch/serial.c arch/power.c arch/pvops.c vmm/guests/rt.c
MICRO_RT_OBJS = $(patsubst %,$(TOOLKIT)/guest/%.o,$(basename $(MICRO_RT)))
MICRO_LINK = $(CC) $(KERNEL_LDFLAGS) -T $(TOOLKIT)/guest/kernel.ld
# Hostile guests (kernel/vmm/guests/hostile.h): hostile-NAME.c each, the
# payload NAME, linked as a micro-guest is, with their helpers beside it.
HOSTILE_GUESTS := random-code wild-write monitor-pt bogus-idt port-flood triple-fault cli-hlt \
	bad-stack string-io
HOSTILE_RT_OBJS = $(TOOLKIT)/guest/vmm/guests/hostile.o
# micro-expect: every guest's model, with the host's compiler.
MICRO_EXPECT_CC = $(HOSTCC) $(HOSTCFLAGS) -DMICRO_EXPECT -I$(KROOT)kernel/include \
	-I$(KROOT)kernel/vmm/guests
MICRO_EXPECT_SRCS := $(KROOT)kernel/vmm/guests/micro-expect.c \
	$(MICRO_GUESTS:%=$(KROOT)kernel/vmm/guests/%.c)
