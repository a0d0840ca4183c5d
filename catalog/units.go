package catalog

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/lotse-de/lotse/locales"
)

// Units returns every text of the catalog as a translatable unit (see
// locales.CheckTranslations), keyed by file and YAML path:
// "catalog:services/wohngeld.yaml:prerequisites",
// "catalog:situations.yaml:job.name". A list is one unit, its items one
// per line.
func (c *Catalog) Units() []locales.Unit {
	var units []locales.Unit
	for i := range c.services {
		s := &c.services[i]
		collectUnits(&units, "catalog:services/"+s.ID+".yaml:", reflect.ValueOf(s).Elem())
	}
	for i := range c.situations {
		sit := &c.situations[i]
		collectUnits(&units, "catalog:situations.yaml:"+sit.ID+".", reflect.ValueOf(sit).Elem())
	}
	return units
}

// UnitsOf returns the Texts and Lists in v (a struct, a map of them or a
// pointer to one) as translatable units keyed prefix and their YAML path,
// as Units does for the catalog: other packages' data files use it.
func UnitsOf(prefix string, v any) []locales.Unit {
	var units []locales.Unit
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct {
		collectUnits(&units, prefix, rv)
	} else {
		collectValue(&units, strings.TrimSuffix(prefix, "."), rv)
	}
	return units
}

var (
	textType = reflect.TypeFor[Text]()
	listType = reflect.TypeFor[List]()
)

// collectUnits appends the Texts and Lists in v, a struct, with their YAML
// paths after prefix.
func collectUnits(units *[]locales.Unit, prefix string, v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" || name == "synonyms" || !t.Field(i).IsExported() {
			// Synonyms are each language's own search words, not
			// translations of the German ones.
			continue
		}
		collectValue(units, prefix+name, v.Field(i))
	}
}

func collectValue(units *[]locales.Unit, key string, f reflect.Value) {
	switch {
	case f.Type() == textType:
		if t := f.Interface().(Text); len(t) > 0 {
			*units = append(*units, locales.Unit{Key: key, Texts: t})
		}
	case f.Type() == listType:
		if l := f.Interface().(List); len(l) > 0 {
			texts := make(map[string]string, len(l))
			for lang, items := range l {
				texts[lang] = strings.Join(items, "\n")
			}
			*units = append(*units, locales.Unit{Key: key, Texts: texts})
		}
	case f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.Struct:
		collectUnits(units, key+".", f.Elem())
	case f.Kind() == reflect.Struct:
		collectUnits(units, key+".", f)
	case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Struct:
		for j := range f.Len() {
			collectUnits(units, key+"["+strconv.Itoa(j)+"].", f.Index(j))
		}
	case f.Kind() == reflect.Map && f.Type().Key().Kind() == reflect.String:
		keys := f.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			collectValue(units, key+"."+k.String(), f.MapIndex(k))
		}
	}
}
