package locales

// LintFS lets tests lint message files of their own.
var LintFS = lintFS
