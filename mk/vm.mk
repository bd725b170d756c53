# Boot on an emulator, for a person at a terminal.
#   make qemu | make bochs       the mini-kernel natively: its self-tests
#   make qemu LAB=02             a hypervisor lab's image (mk/lab-image.mk);
#                                ARGS=guest=NAME picks the guest it runs
#   make qemu-gdb  + make gdb    QEMU stopped for GDB, and GDB attached to it
#   make bochs-debug             Bochs in its internal debugger
# SEED=N and ARGS="crash=panic" are passed to the kernel (tools/vm).
# GDBPORT is derived from your uid, so users of one machine do not collide.
GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)
VM_OPTS = $(if $(SEED),--seed $(SEED)) $(if $(ARGS),--args "$(ARGS)")

ifeq ($(LAB),)
VM_IMAGE = $(KDIR)/vlab.img
VM_SYMBOLS = $(KDIR)/host/kernel.elf $(KDIR)/guest/kernel.elf
VM_BUILD := kernel
else
# The lab's monitor, and the symbols of the guest it runs: the guest build,
# or the micro-guest or hostile guest ARGS=guest=NAME names.
LAB_DIR := $(firstword $(wildcard labs/$(LAB)-*/))
VM_GUEST := $(patsubst guest=%,%,$(filter guest=%,$(ARGS)))
# A lab with two monitors (lab 04) boots lab 02's on QEMU, lab 03's on Bochs.
VM_MONITOR = $(LAB_DIR)build/$(if $(wildcard $(LAB_DIR)build/02/lab.img),$(if $(filter bochs%,$@),03,02)/)
VM_IMAGE = $(VM_MONITOR)lab.img
VM_SYMBOLS = $(VM_MONITOR)monitor.elf $(if $(filter-out selftest,$(VM_GUEST)),$(wildcard \
	$(KDIR)/micro/$(VM_GUEST).elf $(KDIR)/hostile/$(VM_GUEST).elf \
	$(LAB_DIR)build/micro/$(VM_GUEST).elf),$(KDIR)/guest/kernel.elf)
VM_BUILD := lab-image
endif

.PHONY: qemu bochs qemu-gdb gdb bochs-debug lab-image
qemu: $(VM_BUILD)
	@tools/vm qemu $(VM_IMAGE) $(VM_OPTS)
bochs: $(VM_BUILD)
	@tools/vm bochs $(VM_IMAGE) $(VM_OPTS)
qemu-gdb: $(VM_BUILD)
	@tools/gdbinit $(GDBPORT) $(VM_SYMBOLS) >$(BUILD)/gdbinit
	@tools/vm qemu $(VM_IMAGE) $(VM_OPTS) --gdb $(GDBPORT)
gdb:
	@test -f $(BUILD)/gdbinit || { echo "start 'make qemu-gdb' first, in another terminal" >&2; exit 2; }
	gdb -q -x $(BUILD)/gdbinit
bochs-debug: $(VM_BUILD)
	@tools/vm bochs $(VM_IMAGE) $(VM_OPTS) --debug

# A hypervisor lab builds its image with mk/lab-image.mk; labs 01 and 05
# run on Linux itself and have none.
lab-image:
	@test -n "$(LAB_DIR)" || { echo "make: there is no lab $(LAB) (labs here: $(patsubst labs/%,%,$(wildcard labs/[0-9]*)))" >&2; exit 2; }
	@grep -q 'mk/lab-image.mk' $(LAB_DIR)Makefile || { echo "make: lab $(LAB) has no image to boot: its Makefile does not include mk/lab-image.mk (labs 01 and 05 run on Linux itself); make grade LAB=$(LAB) grades what it has" >&2; exit 2; }
	@$(MAKE) --no-print-directory -s -C $(LAB_DIR)
