# Build configuration shared by every fragment.
BUILD      ?= build
HOSTCC     ?= gcc
HOSTCFLAGS ?= -O2 -g -Wall -Wextra -Werror -std=gnu11

# Quiet by default: one line per step; `make V=1` shows the full commands,
# `make -s` nothing.
ifeq ($(V),1)
Q :=
quiet = @true
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
Q := @
quiet = @true
else
Q := @
quiet = @echo
endif
