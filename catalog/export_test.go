package catalog

// LintAt lets tests lint on a chosen day.
var LintAt = lintAt

// GenericEmergency lets tests see the generic emergency phrases.
var GenericEmergency = genericEmergency
