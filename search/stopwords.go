package search

import "strings"

// stopWordsDE and stopWordsEN are German and English words that say
// nothing about which service someone needs. They are written folded (see
// fold). Words that are a stop word in one language but a meaningful word
// in the other ("bin", "kind", "war", "arm") are not listed. Besides being
// dropped, they tell which language a query is in.
const stopWordsDE = `
aber ab alle allem allen aller alles als also am an andere anderen auch auf
aus bei beim bekommen bis bitte brauche brauchen da dabei damit dann das
dass dem den denn der des dessen dich die dies diese diesem diesen dieser
dieses dir doch dort du durch ein eine einem einen einer eines er es etwa
etwas euch euer eure fuer gegen gehabt geht gehen gibt habe
haben hallo hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre
ihrem ihren ihrer im in ins ist ja jede jedem jeden jeder jedes jetzt kann
kannst kein keine keinen keiner koennen koennte kriege kriegen mache machen
man manche mein meine meinem meinen meiner meines mich mir mit moechte
muss muessen musst nach nicht nichts noch nun nur ob oder ohne sehr sein
seine seinem seinen seiner sich sie sind so soll sollen sollte
tun ueber um und uns unser unsere unserem unseren unter viel vom von vor wann
warum was weil welche welchem welchen welcher wenn wer werde werden wie
wieder will wir wird wo wollen wozu wurde wurden zu zum zur
`

const stopWordsEN = `
a about after again all am an and any are as at be because been being but by
can cant could did didnt do does doesnt dont for from get gets getting got
had has have having he hello her here hi him his how i if im in into is isnt
it its ive just me might more most my need needs no nor not now of off
on or our out over please she should so some such than that the their
them then there these they this those to too up us very want
wants was we were what when where which while who whom why will with would
you your yours
`

// stopWordSets returns the stop words of each language as a set.
func stopWordSets() [numLangs]map[string]struct{} {
	var sets [numLangs]map[string]struct{}
	for l, list := range [numLangs]string{langDE: stopWordsDE, langEN: stopWordsEN} {
		f := strings.Fields(list)
		sets[l] = make(map[string]struct{}, len(f))
		for _, w := range f {
			sets[l][w] = struct{}{}
		}
	}
	return sets
}
