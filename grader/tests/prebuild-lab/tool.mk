# What the lab stands on: one output, and a log line each time it is made.
build/tool/answer: labs/06-prebuild/tool.src
	@mkdir -p build/tool
	@cp $< $@
	@echo made >>build/tool/log
