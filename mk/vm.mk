# Boot the mini-kernel natively, on an emulator, for a person at a terminal.
#   make qemu | make bochs       boot, run the self-tests, exit with the status
#   make qemu-gdb  + make gdb    QEMU stopped for GDB, and GDB attached to it
#   make bochs-debug             Bochs in its internal debugger
# SEED=N and ARGS="crash=panic" are passed to the kernel (tools/vm).
# GDBPORT is derived from your uid, so users of one machine do not collide.
GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)
VM_IMAGE = $(KDIR)/vlab.img
VM_SYMBOLS = $(KDIR)/host/kernel.elf $(KDIR)/guest/kernel.elf
VM_OPTS = $(if $(SEED),--seed $(SEED)) $(if $(ARGS),--args "$(ARGS)")

.PHONY: qemu bochs qemu-gdb gdb bochs-debug
qemu: kernel
	@tools/vm qemu $(VM_IMAGE) $(VM_OPTS)
bochs: kernel
	@tools/vm bochs $(VM_IMAGE) $(VM_OPTS)
qemu-gdb: kernel
	@tools/gdbinit $(GDBPORT) $(VM_SYMBOLS) >$(BUILD)/gdbinit
	@tools/vm qemu $(VM_IMAGE) $(VM_OPTS) --gdb $(GDBPORT)
gdb:
	@test -f $(BUILD)/gdbinit || { echo "start 'make qemu-gdb' first, in another terminal" >&2; exit 2; }
	gdb -q -x $(BUILD)/gdbinit
bochs-debug: kernel
	@tools/vm bochs $(VM_IMAGE) $(VM_OPTS) --debug
