package search

import "strings"

// broaderTerms maps colloquial words for family members to the broader word
// the catalog uses ("Mama gestorben" means a relative died; the catalog
// says "Angehöriger gestorben", "relative passed away"). Each line is a
// broader word followed by the words it covers, all folded (see fold).
// It is deliberately short: a word listed here that also has a meaning of
// its own in the catalog (Kind, Mann, Frau) would pull in wrong services.
const broaderTerms = `
angehoeriger mama mami mutti mutter papa papi vati vater oma omi grossmutter
  opa grossvater bruder schwester sohn tochter ehemann ehefrau
relative mum mom mommy mummy mother dad daddy father grandma granny
  grandmother grandpa grandfather brother sister son daughter husband wife
`

// thesaurusFactor discounts a match through a broader word.
const thesaurusFactor = 0.7

// broaderTermMap returns, for each word of broaderTerms, its broader words.
func broaderTermMap() map[string][]string {
	m := map[string][]string{}
	var broader string
	for _, line := range strings.Split(broaderTerms, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !strings.HasPrefix(line, " ") {
			broader, f = f[0], f[1:]
		}
		for _, w := range f {
			m[w] = append(m[w], broader)
		}
	}
	return m
}

// irregularForms maps irregular verb forms, which no stemmer can bring
// together, to their infinitive: "gestorben" and "verstorben" to "sterben",
// "lost" to "lose". Each line is an infinitive followed by its forms, all
// folded. Only verbs that people use when they ask for a service are
// listed.
const irregularForms = `
sterben gestorben verstorben starb stirbt verstarb verstirbt
verlieren verloren verlor verliert
stehlen gestohlen stahl stiehlt
finden gefunden fand
umziehen umgezogen
wegziehen weggezogen
einziehen eingezogen
ausziehen ausgezogen
geben gegeben gab abgegeben
bekommen bekam
die died dead dies
lose lost loses
steal stole stolen
find found
give gave given
sell sold
buy bought
leave left
pay paid
`

// irregularFormMap returns, for each form of irregularForms, its
// infinitive.
func irregularFormMap() map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(irregularForms, "\n") {
		f := strings.Fields(line)
		for _, w := range f[min(1, len(f)):] {
			m[w] = f[0]
		}
	}
	return m
}
