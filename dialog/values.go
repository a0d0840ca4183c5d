package dialog

import "github.com/lotse-de/lotse/catalog"

// ValueWriter writes a dated value of the catalog in lang, for
// catalog.Catalog.Expand: the number as lang writes it and, when the value
// ran out without a successor, the day up to which it was known to be
// right.
func ValueWriter(msgs Messages, lang string) func(p catalog.Period, ranOut bool) string {
	l := msgs.Registry().Lang(lang)
	return func(p catalog.Period, ranOut bool) string {
		n := catalog.FormatNumber(p.Value, l.Decimal, l.Group)
		if !ranOut {
			return n
		}
		return msgs.T(lang, "main.value.ran_out", map[string]any{"Value": n, "Date": l.FormatDate(p.Until.Time)})
	}
}
