# The course book (book/build): Markdown chapters and labs/*/README.md to an
# HTML site in $(BUILD)/book/, diagrams drawn by Graphviz, measured figures
# from $(BUILD)/bench/*.tsv, and a PDF where Chromium is installed.
#   make book        build it; open $(BUILD)/book/index.html
#   make test-book   its links, images, warnings, lab pickup, and a rendering
.PHONY: book test-book
book:
	$(quiet) "  BOOK    $(BUILD)/book/index.html"
	$(Q)BUILD=$(BUILD) book/build

TEST_SUITES += book
test-book:
	@BUILD=$(BUILD) book/test
