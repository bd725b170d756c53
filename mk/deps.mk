# make deps: install the Debian packages vlab needs, or say exactly how to.
PACKAGES := $(shell sed -e 's/\#.*//' -e '/^ *$$/d' -e 's/ .*//' mk/packages.txt)

.PHONY: deps
deps:
	@tools/deps $(PACKAGES)

.PHONY: doctor
doctor:
	@tools/doctor
