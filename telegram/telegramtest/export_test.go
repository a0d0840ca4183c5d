package telegramtest

// Internals for the tests of the hand-written wire formats.
var (
	AppendResult          = appendResult
	ParseSimpleMultipart  = parseSimpleMultipart
	ParseMultipartForTest = parseMultipart
)

// ParseInlineKeyboard is parseInlineKeyboard with buttons as
// [text, callback_data, url].
func ParseInlineKeyboard(raw string) ([][][3]string, bool) {
	rows, ok := parseInlineKeyboard(raw)
	if !ok {
		return nil, false
	}
	out := make([][][3]string, len(rows))
	for i, row := range rows {
		out[i] = make([][3]string, len(row))
		for j, b := range row {
			out[i][j] = [3]string{b.Text, b.CallbackData, b.URL}
		}
	}
	return out, true
}

// AppendUpdate is appendUpdate, for tests.
var AppendUpdate = appendUpdate
