package telegram

// DropResult is dropResult, for tests.
var DropResult = dropResult
