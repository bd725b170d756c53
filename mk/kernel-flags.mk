# How kernel code is compiled and linked, for the kernel's own build
# (kernel/kernel.mk) and for a lab's monitor (mk/lab-image.mk).  KROOT is
# the way from the current directory to the tree's root, with its slash
# (empty at the root).
KERNEL_CFLAGS := -std=gnu11 -Og -g -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -mno-red-zone -mgeneral-regs-only \
	-fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
	-I$(KROOT)kernel/include -I$(KROOT)kernel/vmm
KERNEL_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096 -z noexecstack \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments
KERNEL_HOST_FLAGS := -DKERNEL_HOST -mcmodel=kernel
KERNEL_GUEST_FLAGS := -DKERNEL_GUEST -mcmodel=small
