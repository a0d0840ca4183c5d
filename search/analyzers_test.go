package search

import "testing"

func TestFoldKeepsLettersOfOtherScripts(t *testing.T) {
	for in, want := range map[string]string{
		"Йога ЇЖАК":        "йога їжак", // й and ї are letters of their own
		"Ёлка":             "елка",
		"сім'я сімʼя":      "сімя сімя",
		"الإقامة":          "الاقامة", // hamza below alef dropped
		"مُسَاعَدَة":       "مساعدة",  // vowel marks dropped
		"مـــساعدة":        "مساعدة",  // tatweel dropped
		"٠٣٦٤١":            "03641",
		"KIZ ısıtma İzmir": "kiz isitma izmir",
		"Sürücü belgesi":   "sueruecue belgesi",
		"Straße München":   "strasse muenchen",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStemmersBringFormsTogether checks that the inflected forms people
// type meet the form the catalog uses, in each new language.
func TestStemmersBringFormsTogether(t *testing.T) {
	for _, c := range []struct {
		lang  language
		forms []string
	}{
		{langUK, []string{"посвідчення", "посвідченням", "посвідченні"}},
		{langUK, []string{"заява", "заяви", "заяву", "заявою"}},
		{langUK, []string{"допомога", "допомоги", "допомогу", "допомогою"}},
		{langUK, []string{"реєстрація", "реєстрації", "реєстрацію"}},
		{langRU, []string{"пособие", "пособия", "пособием"}},
		{langRU, []string{"регистрация", "регистрации", "регистрацию"}},
		{langTR, []string{fold("belge"), fold("belgesi"), fold("belgeler")}},
		{langTR, []string{fold("sürücü"), fold("surucu")}},
		{langTR, []string{fold("başvuru"), fold("basvuru"), fold("başvurusu")}},
		{langAR, []string{fold("الإقامة"), fold("إقامة"), fold("اقامة"), fold("اقامه")}},
	} {
		want := stem(c.forms[0], c.lang)
		for _, f := range c.forms[1:] {
			if got := stem(f, c.lang); got != want {
				t.Errorf("%s: stem(%q) = %q, stem(%q) = %q; want them equal", analyzers[c.lang].name, f, got, c.forms[0], want)
			}
		}
	}
}

func TestUkrainianStemKeepsShortWords(t *testing.T) {
	for _, w := range []string{"дім", "кит", "ця"} {
		if got := stemUK(w); got != w && len([]rune(got)) < minUkrainianStem {
			t.Errorf("stemUK(%q) = %q: shorter than %d letters", w, got, minUkrainianStem)
		}
	}
}

func TestLatinOfSpellsGermanTerms(t *testing.T) {
	for in, want := range map[string]string{
		"анмельдунг":   "anmeldung",
		"киндергельд":  "kindergeld",
		"штандесамт":   "standesamt",
		"эльтернгельд": "elterngeld",
		"wohngeld":     "",
	} {
		if got := latinOf(in); got != want {
			t.Errorf("latinOf(%q) = %q, want %q", in, got, want)
		}
	}
}
