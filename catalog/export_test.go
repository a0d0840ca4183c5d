package catalog

// LintAt lets tests lint on a chosen day.
var LintAt = lintAt
