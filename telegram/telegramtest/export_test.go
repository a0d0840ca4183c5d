package telegramtest

// Internals for the tests of the hand-written wire formats.
var (
	AppendResult          = appendResult
	ParseSimpleMultipart  = parseSimpleMultipart
	ParseMultipartForTest = parseMultipart
)
