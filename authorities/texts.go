package authorities

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/internal/yamlfile"
)

// texts are the name patterns of texts.yaml.
type texts struct {
	Owners           map[string]catalog.Text `yaml:"owners"`
	Bodies           map[string]catalog.Text `yaml:"bodies"`
	Hints            map[string]catalog.Text `yaml:"hints"`
	TypeHints        map[string]catalog.Text `yaml:"type_hints"`      // by authority type, for bodies that are no public office
	CandidateHints   map[string]catalog.Text `yaml:"candidate_hints"` // how to find one's own of several candidates, by type or "default"
	Designations     []designation           `yaml:"designations"`
	DistrictPrefixes []districtPrefix        `yaml:"district_prefixes"`
	KindWords        kindWords               `yaml:"kind_words"` // district names that carry their kind ("Saale-Holzland-Kreis")
	DistrictKinds    map[string]string       `yaml:"district_kinds"`
	KreisLands       []string                `yaml:"kreis_lands"`
	AssociationKinds map[string]string       `yaml:"association_kinds"`
	OwnAdminLands    []string                `yaml:"own_administration_lands"`
	BezirkLands      []string                `yaml:"bezirk_lands"`
	LandBodies       []landBody              `yaml:"land_bodies"` // named Land authorities of a type in some Länder
	Jobcenter        jobcenterTexts          `yaml:"jobcenter"`
	Regions          map[string]catalog.Text `yaml:"regions"` // Regierungsbezirke by ARS[:3]
}

// jobcenterTexts name a derived Jobcenter by its kind: a gemeinsame
// Einrichtung of the district and the Agentur für Arbeit, or a zugelassener
// kommunaler Träger (jobcenters.yaml).
type jobcenterTexts struct {
	Joint     catalog.Text            `yaml:"joint"`
	Municipal catalog.Text            `yaml:"municipal"`
	Carriers  map[string]catalog.Text `yaml:"carriers"` // by owner key: the kind of the district, e.g. "Landkreis"
}

// landBody is the name of the Land authority of a type in some Länder,
// used for a body at level land instead of "{type} ({land})".
type landBody struct {
	Type  string       `yaml:"type"`
	Lands []string     `yaml:"lands"`
	Name  catalog.Text `yaml:"name"`
}

// which says how to find out which of several candidate offices of type
// typ is one's own.
func (t *texts) which(typ string) catalog.Text {
	if h, ok := t.CandidateHints[typ]; ok {
		return h
	}
	return t.CandidateHints[candidateDefault]
}

// landBody returns the named Land authority of type typ in land.
func (t *texts) landBody(typ, land string) (catalog.Text, bool) {
	for _, b := range t.LandBodies {
		if b.Type == typ && slices.Contains(b.Lands, land) {
			return b.Name, true
		}
	}
	return catalog.Text{}, false
}

type designation struct {
	Contains string `yaml:"contains"`
	Owner    string `yaml:"owner"`
}

// kindWords name the districts whose name already says that they are a
// Kreis: a word of the name that ends in one of Suffixes. Such a name is
// not put after "des Landkreises"; the owner phrase is Owner, with the
// name in the genitive.
type kindWords struct {
	Suffixes []string `yaml:"suffixes"`
	Owner    string   `yaml:"owner"`
}

type districtPrefix struct {
	Prefix string `yaml:"prefix"`
	Owner  string `yaml:"owner"`
}

// The keys that the code uses; parseTexts checks that they all exist.
const (
	ownerStadt           = "stadt"
	ownerGemeinde        = "gemeinde"
	ownerAssociation     = "association"
	ownerLandkreis       = "landkreis"
	ownerKreis           = "kreis"
	ownerKreisfreieStadt = "kreisfreie_stadt"
	ownerBezirksamt      = "bezirksamt"

	bodyDerived        = "derived"
	bodyAdministration = "administration"
	bodyAdminAssoc     = "administration_association"
	bodyLand           = "land"
	bodyBund           = "bund"
	bodyRecord         = "record"
	bodyUnknownType    = "unknown_type"

	candidateDefault = "default"

	hintLocal = "local"
	hintLand  = "land"
	hintBund  = "bund"
)

func parseTexts(b []byte, tr yamlfile.Translations) (*texts, error) {
	var t texts
	if err := yamlfile.DecodeBytes(b, "texts.yaml", tr, &t); err != nil {
		return nil, fmt.Errorf("texts.yaml: %w", err)
	}
	need := map[string][]string{
		"owners":          {ownerStadt, ownerGemeinde, ownerAssociation, ownerLandkreis, ownerKreis, ownerKreisfreieStadt, ownerBezirksamt},
		"bodies":          {bodyDerived, bodyAdministration, bodyAdminAssoc, bodyLand, bodyBund, bodyRecord, bodyUnknownType},
		"hints":           {hintLocal, hintLand, hintBund},
		"candidate_hints": {candidateDefault},
	}
	have := map[string]map[string]catalog.Text{"owners": t.Owners, "bodies": t.Bodies, "hints": t.Hints, "candidate_hints": t.CandidateHints}
	for table, keys := range need {
		for _, k := range keys {
			if v := have[table][k]; !v.Complete() {
				return nil, fmt.Errorf("texts.yaml: %s.%s needs every language", table, k)
			}
		}
	}
	for _, d := range t.Designations {
		if _, ok := t.Owners[d.Owner]; !ok {
			return nil, fmt.Errorf("texts.yaml: designation %q: unknown owner %q", d.Contains, d.Owner)
		}
	}
	for _, p := range t.DistrictPrefixes {
		if _, ok := t.Owners[p.Owner]; !ok {
			return nil, fmt.Errorf("texts.yaml: district prefix %q: unknown owner %q", p.Prefix, p.Owner)
		}
	}
	for _, b := range t.LandBodies {
		if _, ok := Types[b.Type]; !ok {
			return nil, fmt.Errorf("texts.yaml: land body %q: unknown type %q", b.Name[catalog.SourceLang], b.Type)
		}
		if !b.Name.Complete() || len(b.Lands) == 0 {
			return nil, fmt.Errorf("texts.yaml: land body of type %q needs lands and a name in every language", b.Type)
		}
		for _, l := range b.Lands {
			if _, ok := Lands[l]; !ok {
				return nil, fmt.Errorf("texts.yaml: land body of type %q: unknown Land %q", b.Type, l)
			}
		}
	}
	if !t.Jobcenter.Joint.Complete() || !t.Jobcenter.Municipal.Complete() {
		return nil, fmt.Errorf("texts.yaml: jobcenter needs joint and municipal in every language")
	}
	for _, k := range []string{ownerLandkreis, ownerKreis, ownerKreisfreieStadt} {
		if c := t.Jobcenter.Carriers[k]; !c.Complete() {
			return nil, fmt.Errorf("texts.yaml: jobcenter.carriers.%s needs every language", k)
		}
	}
	if _, ok := t.Owners[t.KindWords.Owner]; !ok {
		return nil, fmt.Errorf("texts.yaml: kind_words: unknown owner %q", t.KindWords.Owner)
	}
	for _, m := range []map[string]string{t.DistrictKinds, t.AssociationKinds} {
		for kind, owner := range m {
			if _, ok := t.Owners[owner]; !ok {
				return nil, fmt.Errorf("texts.yaml: kind %q: unknown owner %q", kind, owner)
			}
		}
	}
	return &t, nil
}

// fill replaces the {placeholders} of pattern in each of its languages.
// Each value is itself a Text so that names can differ by language; an
// unknown placeholder stays as it is.
func fill(pattern catalog.Text, values map[string]catalog.Text) catalog.Text {
	out := make(catalog.Text, len(pattern))
	for lang, p := range pattern {
		out[lang] = expand(p, values, lang)
	}
	return out
}

// filled reports whether fill replaced every placeholder of t in every
// language.
func filled(t catalog.Text) bool {
	for _, s := range t {
		if strings.Contains(s, "{") {
			return false
		}
	}
	return true
}

func expand(p string, values map[string]catalog.Text, lang string) string {
	if !strings.Contains(p, "{") {
		return p
	}
	var b strings.Builder
	b.Grow(len(p) + 48)
	for {
		i := strings.IndexByte(p, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(p[:i])
		if v, ok := values[p[i+1:i+j]]; ok {
			b.WriteString(v.In(lang))
		} else {
			b.WriteString(p[i : i+j+1])
		}
		p = p[i+j+1:]
	}
	b.WriteString(p)
	return b.String()
}

// same returns a Text with the same string in every language, for proper
// names.
func same(s string) catalog.Text {
	t := catalog.Text{}
	for _, lang := range catalog.Languages() {
		t[lang] = s
	}
	return t
}

// splitDesignation splits an official municipality name such as
// "Eisenberg, Stadt" into its name and designation.
func splitDesignation(official string) (name, designation string) {
	name, designation, _ = strings.Cut(official, ",")
	return strings.TrimSpace(name), strings.TrimSpace(designation)
}

// municipalityOwner returns the owner key for an official municipality
// name.
func (t *texts) municipalityOwner(designation string) string {
	d := strings.ToLower(designation)
	if d == "" {
		return ownerGemeinde
	}
	for _, ds := range t.Designations {
		if strings.Contains(d, strings.ToLower(ds.Contains)) {
			return ds.Owner
		}
	}
	return ownerGemeinde
}

// districtOwner returns the owner key and the name to put in it for a
// district of the given official name and kind in a Land. The name differs
// by language where it is put in the genitive ("des Rhein-Kreises Neuss").
func (t *texts) districtOwner(district, kind, land string) (owner string, name catalog.Text) {
	if p, rest, ok := t.cutDistrictPrefix(district); ok {
		return p.Owner, same(rest)
	}
	plain, _ := splitDesignation(district)
	if gen, ok := t.KindWords.genitive(plain); ok {
		name := same(plain)
		name[catalog.SourceLang] = gen
		return t.KindWords.Owner, name
	}
	return t.kindOwner(kind, land), same(plain)
}

// cutDistrictPrefix returns the district prefix that the name starts with
// and the rest of the name. The register writes "Städteregion Aachen", the
// StädteRegion itself "StädteRegion": the prefix ignores case.
func (t *texts) cutDistrictPrefix(district string) (p districtPrefix, rest string, ok bool) {
	for _, p := range t.DistrictPrefixes {
		if len(district) > len(p.Prefix) && strings.EqualFold(district[:len(p.Prefix)], p.Prefix) {
			return p, district[len(p.Prefix):], true
		}
	}
	return districtPrefix{}, "", false
}

// kindOwner returns the owner key of a district by its kind, or by the
// Land's word for a district where the kind is unknown.
func (t *texts) kindOwner(kind, land string) string {
	if o, ok := t.DistrictKinds[kind]; ok {
		return o
	}
	if slices.Contains(t.KreisLands, land) {
		return ownerKreis
	}
	return ownerLandkreis
}

// genitive returns the genitive of a district name that carries its kind:
// the word that ends in a kind suffix gets "es" ("Saale-Holzland-Kreises",
// "Rhein-Kreises Neuss"), and an adjective before a bare "Kreis" ends in
// "en" ("Oberbergischen Kreises"). ok is false for other names.
func (k kindWords) genitive(name string) (gen string, ok bool) {
	words := strings.Fields(name)
	for i, w := range words {
		lw := strings.ToLower(w)
		if !slices.ContainsFunc(k.Suffixes, func(s string) bool { return strings.HasSuffix(lw, strings.ToLower(s)) }) {
			continue
		}
		words[i] = w + "es"
		if i > 0 && strings.EqualFold(w, "Kreis") {
			if adj, cut := strings.CutSuffix(words[i-1], "er"); cut {
				words[i-1] = adj + "en"
			}
		}
		return strings.Join(words, " "), true
	}
	return "", false
}

// jobcenterBody names the Jobcenter of a district or kreisfreie Stadt by
// its kind: "Jobcenter Landkreis Leer (kommunaler Träger …)" or "Jobcenter
// Saale-Holzland-Kreis (gemeinsame Einrichtung von Landkreis und Agentur
// für Arbeit)". ok is false where the kind of district has no carrier word.
func (t *texts) jobcenterBody(district, kind, land string, city, municipal bool) (catalog.Text, bool) {
	name, _ := splitDesignation(district)
	var carrier, label string
	switch p, rest, prefixed := t.cutDistrictPrefix(district); {
	case city:
		carrier = ownerKreisfreieStadt
	case prefixed:
		// "Region Hannover", "Landkreis Rostock": the name says what it is.
		carrier, label = p.Owner, p.Prefix+rest
	default:
		if _, named := t.KindWords.genitive(name); named {
			label = name // "Saale-Holzland-Kreis"
		}
		carrier = t.kindOwner(kind, land)
	}
	c, ok := t.Jobcenter.Carriers[carrier]
	if !ok {
		return catalog.Text{}, false
	}
	if label == "" {
		label = c[catalog.SourceLang] + " " + name // "Kreis Borken", "Stadt Jena": the German name
	}
	pattern := t.Jobcenter.Joint
	if municipal {
		pattern = t.Jobcenter.Municipal
	}
	return fill(pattern, map[string]catalog.Text{"label": same(label), "carrier": c}), true
}
