# Build configuration shared by every fragment.
BUILD      ?= build
HOSTCC     ?= gcc
HOSTCFLAGS ?= -O2 -g -Wall -Wextra -Werror -std=gnu11
