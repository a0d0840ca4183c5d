package search

import "strings"

// broaderTerms maps colloquial words for family members to the broader word
// the catalog uses ("Mama gestorben" means a relative died; the catalog
// says "Angehöriger gestorben", "relative passed away") and to the plain
// word ("Papa" to "Vater": an "unmarried dad" is a father), the names of
// the countries people come from or move to most to "Ausland"/"abroad"
// ("ich ziehe nach Spanien"), and a few words of learners' English to the
// word the catalog uses ("make longer" is "extend"). Each line is a broader word followed
// by the words it covers, all folded (see fold).
// It is deliberately short: a word listed here that also has a meaning of
// its own in the catalog (Kind, Mann, Frau) would pull in wrong services.
const broaderTerms = `
angehoeriger mama mami mutti mutter papa papi vati vater oma omi grossmutter
  opa grossvater bruder schwester sohn tochter ehemann ehefrau
relative mum mom mommy mummy mother dad daddy father grandma granny
  grandmother grandpa grandfather brother sister son daughter husband wife
ausland spanien frankreich italien portugal griechenland polen rumaenien
  bulgarien kroatien tuerkei oesterreich schweiz niederlande holland belgien
  daenemark schweden norwegen england grossbritannien irland usa amerika
  kanada australien syrien afghanistan irak iran russland ukraine indien
  pakistan marokko tunesien nigeria eritrea vietnam china kosovo serbien
  albanien brasilien mexiko kolumbien peru argentinien chile venezuela
  kuba thailand japan korea philippinen indonesien bangladesch kasachstan
  georgien armenien aegypten algerien libanon jordanien aethiopien somalia
  ghana kenia kamerun moldau litauen lettland estland ungarn tschechien
  slowakei slowenien bosnien mazedonien montenegro belarus weissrussland
abroad spain france italy portugal greece poland romania bulgaria croatia
  turkey austria switzerland netherlands holland belgium denmark sweden
  norway england britain uk ireland usa america canada australia syria
  afghanistan iraq iran russia ukraine india pakistan morocco tunisia nigeria
  eritrea vietnam china kosovo serbia albania brazil mexico colombia peru
  argentina chile venezuela cuba thailand japan korea philippines indonesia
  bangladesh kazakhstan georgia armenia egypt algeria lebanon jordan
  ethiopia somalia ghana kenya cameroon moldova lithuania latvia estonia
  hungary czechia slovakia slovenia bosnia macedonia montenegro belarus
vater papa papi vati
mutter mama mami mutti
father dad daddy
mother mum mom mommy mummy
geld kohle knete kies zaster moneten
kind kleene
auto karre
extend longer prolong lengthen
child kids kid
proof prove proves proving
`

// originWords maps the broader words for countries to the words the
// catalog uses for what comes from there: a country after "aus" or
// "from" ("Führerschein aus Syrien", "licence from Iran") is no journey
// abroad but a foreign document.
var originWords = map[string]string{"ausland": "auslaendisch", "abroad": "foreign"}

// originPrepositions are the folded words after which a country is where
// someone or something comes from.
var originPrepositions = map[string]bool{"aus": true, "from": true}

// originArticles are the folded articles that may come between an origin
// preposition and a country ("aus der Ukraine", "from the USA").
var originArticles = map[string]bool{"der": true, "dem": true, "den": true, "the": true}

// origins returns the words of the folded query that come right after an
// origin preposition (and maybe an article) and have a broader word in
// originWords.
func origins(folded string, broader map[string][]string) []string {
	if !strings.Contains(folded, "aus ") && !strings.Contains(folded, "from ") {
		return nil
	}
	var out []string
	prev, before := "", ""
	for w := range strings.FieldsSeq(folded) {
		if originPrepositions[prev] || originArticles[prev] && originPrepositions[before] {
			for _, b := range broader[w] {
				if _, ok := originWords[b]; ok {
					out = append(out, w)
					break
				}
			}
		}
		before, prev = prev, w
	}
	return out
}

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

// irregularForms maps inflected verb forms, which no stemmer brings
// together, to one word: their infinitive ("gestorben" and "verstorben" to
// "sterben", "lost" to "lose") or, where the catalog speaks of the event
// in a noun, that noun ("ich ziehe um", "umgezogen", "ausgezogen" to
// "Umzug"; "gekündigt" to "Kündigung"). The same mapping applies to the
// catalog's texts, so both sides meet. Each line is the word followed by
// its forms, all folded. Only verbs that people use when they ask for a
// service are listed, and the American spellings of the British words the
// catalog uses ("license" is "licence").
const irregularForms = `
sterben gestorben verstorben starb stirbt verstarb verstirbt
verlieren verloren verlor verliert
stehlen gestohlen stahl stiehlt
finden gefunden fand
umzug umziehen umgezogen umziehe umzieht umzog umzogen ziehen ziehe zieht ziehst zog zogen gezogen
  ausziehen ausgezogen auszieht einziehen eingezogen einzieht
wegzug wegziehen weggezogen wegzieht
heiraten heirate heiratest heiratet heiratete heirateten geheiratet
kuendigung kuendigen gekuendigt kuendigt kuendigte
scheidung scheiden geschieden scheidet
bauen baue baust baut baute bauten gebaut
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
licence license licenses licensed
centre center centers
befreiung befreien befreie befreit befreite
studium studieren studiere studierst studiert studierte studierten
beissen beisst biss gebissen
demonstration demonstrieren demonstriere demonstrierst demonstriert demonstrierten
take took taken takes
`

// irregularFormMap returns, for each form of irregularForms, its
// infinitive.
func irregularFormMap() map[string]string {
	m := map[string]string{}
	var word string
	for _, line := range strings.Split(irregularForms, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !strings.HasPrefix(line, " ") {
			word, f = f[0], f[1:]
		}
		for _, w := range f {
			m[w] = word
		}
	}
	return m
}
