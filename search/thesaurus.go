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
