package main

// alias says which offices of the BZSt file took over the district of a
// BUFA number that GV100AD still names but the BZSt file no longer has
// (an office merged into another or turned into a branch), or which
// citizen office serves the Gemeinden that GV100AD gives a special
// office's number. Parts move
// some Gemeinden, by ARS prefix, to other offices.
type alias struct {
	To     []string
	Why    string
	Source string // where it is said, read on 2026-12-07
	Parts  []part
}

// part is a share of an old district that went elsewhere.
type part struct {
	Prefix, Name string // ARS prefix and what it is
	To           []string
	Why, Source  string
}

// allTargets returns every office an alias may route to.
func (a alias) allTargets() []string {
	out := append([]string(nil), a.To...)
	for _, p := range a.Parts {
		out = append(out, p.To...)
	}
	return out
}

// The Gemeinden of the former Finanzamt Eckernförde that went to Rendsburg.
const (
	rendsburgWhy    = "the competence for Altenholz and the Ämter Dänischenhagen and Dänischer Wohld moved from Eckernförde to the Finanzamt Rendsburg in 2013/14"
	rendsburgSource = "https://www.kn-online.de/Lokales/Rendsburg/Sozialvertraegliche-Schliessung-geplant"
)

// aliases are the BUFA numbers of GV100AD (30.11.2025) that the BZSt file
// (2025-04-23) does not have. In Schleswig-Holstein the file's
// Grundsteuer-Bewertung units carry the number of the office they came
// from plus 60 (2171 Bad Segeberg for 2111, 2175 Flensburg for 2115), so
// "Kiel Bewertung für Grundsteuer 79" (2179) is the former office 2119's
// unit, now of Finanzamt Kiel; the press sources say the same.
//
// Not mapped, for want of a source: 2114 (the former Finanzamt Eutin,
// Kreis Ostholstein). Its Gemeinden keep a derived card.
var aliases = map[string]alias{
	"2112": {
		To:     []string{"2129"},
		Why:    "Finanzamt Eckernförde merged into Finanzamt Eckernförde-Schleswig, concentrated in Schleswig (the BZSt file's unit 2172 is \"Eckernförde-Schleswig Bewertung für Grundsteuer 72\")",
		Source: "https://www.kn-online.de/Lokales/Eckernfoerde/Landesrechnungshof-will-Schliessung-des-Finanzamtes-Eckernfoerde-pruefen",
		Parts: []part{
			{Prefix: "010580005", Name: "Altenholz", To: []string{"2128"}, Why: rendsburgWhy, Source: rendsburgSource},
			{Prefix: "010585822", Name: "Amt Dänischenhagen", To: []string{"2128"}, Why: rendsburgWhy, Source: rendsburgSource},
			{Prefix: "010585824", Name: "Amt Dänischer Wohld", To: []string{"2128"}, Why: rendsburgWhy, Source: rendsburgSource},
		},
	},
	"2119": {
		To:     []string{"2120"},
		Why:    "the two Kiel offices became one Finanzamt Kiel (2012 reform, 17 offices to 16; the BZSt file's unit 2179 is \"Kiel Bewertung für Grundsteuer 79\")",
		Source: "http://www.abendblatt.de/region/schleswig-holstein/article111557536/Regierung-will-120-Stellen-in-der-Steuerverwaltung-abbauen.html",
	},
	"2121": {
		To:     []string{"2117"},
		Why:    "Finanzamt Nordfriesland was formed in 2005 from the offices Leck and Husum and concentrated in Husum (the BZSt file's unit 2181 is \"Nordfriesland Bewertung für Grundsteuer 81\")",
		Source: "https://www.shz.de/lokales/husumer-nachrichten/in-vier-jahren-heisst-es-koffer-packen-id8625586.html",
	},
	"2123": {
		To:     []string{"2116"},
		Why:    "Finanzamt Dithmarschen, split between Meldorf and Heide, was brought together in Heide in 2014 (the BZSt file's unit 2183 is \"Dithmarschen Bewertung für Grundsteuer 83\")",
		Source: "http://www.abendblatt.de/region/schleswig-holstein/article111557536/Regierung-will-120-Stellen-in-der-Steuerverwaltung-abbauen.html",
	},
	"2202": {
		// All of Hamburg is one Gemeinde; its offices serve Ortsteile,
		// which Lotse does not know: the records are candidates. 2217/2249
		// (Nord) and 2244/2251 (Ost) are twice in the BZSt file with the
		// same contacts; build keeps one record of each.
		To:     []string{"2217", "2241", "2242", "2243", "2244", "2245", "2246", "2247", "2248", "2249", "2250", "2251"},
		Why:    "Hamburg's Finanzämter are competent by Ortsteil (Anordnung über die Zuständigkeit der Finanzämter, section II)",
		Source: "https://lexaris.de/book/version/documentflat/head/1332287",
	},
	"1070": {
		To:     []string{"1040"},
		Why:    "Sulzbach is a branch (Außenstelle) of the Finanzamt Saarbrücken Am Stadtgraben, since renamed Saarbrücken I under the same number 1040 (older BUFA lists: 1040 \"Saarbrücken Am Stadtgraben\", 1070 \"Saarbrücken Am Stadtgraben - Außenst. Sulzbach\"; Saarbrücken II, 1055, was \"Saarbrücken MainzerStr\", which GV100AD gives no Gemeinde)",
		Source: "https://www.saarbruecker-zeitung.de/saarland/saarbruecken/steuerzahler-in-sulzbach-und-voelklingen-muessen-sich-gewaltig-umstellen_aid-35489387",
	},
	"1090": {
		To:     []string{"1040"},
		Why:    "Völklingen is a branch (Außenstelle) of the Finanzamt Saarbrücken Am Stadtgraben, since renamed Saarbrücken I under the same number 1040 (older BUFA lists: 1090 \"Saarbrücken Am Stadtgraben - Außenst. Völklingen\")",
		Source: "https://www.saarbruecker-zeitung.de/saarland/saarbruecken/steuerzahler-in-sulzbach-und-voelklingen-muessen-sich-gewaltig-umstellen_aid-35489387",
	},
	"4071": {
		To:     []string{"4075"},
		Why:    "Finanzamt Malchin became a branch of the Finanzamt Waren",
		Source: "http://www.nordkurier.de/mecklenburgische-schweiz/finanzamt-nur-aussenposten-111743209.html",
	},
	"4074": {
		To:     []string{"4084"},
		Why:    "Pasewalk is a branch of the Finanzamt Greifswald",
		Source: "https://www.svz.de/regionales/newsticker-nord/finanzverwaltung-in-mv-vor-umbau-id18267931.html",
	},
	"4083": {
		To:     []string{"4082"},
		Why:    "Bergen is the Rügen site of the Finanzamt Stralsund",
		Source: "https://www.ostsee-zeitung.de/Vorpommern/Stralsund/Stralsunder-Finanzamt-oeffnet-wieder-fuer-alle-Besucher-mit-Termin",
	},
	"4085": {
		To:     []string{"4084"},
		Why:    "Finanzamt Wolgast was merged into the Finanzamt Greifswald",
		Source: "https://mv-schlagzeilen.de/finanzamtsfusion-am-standort-greifswald-ist-sachlich-begruendet-1493/",
	},
	"4089": {
		To:     []string{"4090"},
		Why:    "Finanzamt Parchim was merged into the Finanzamt Schwerin in July 2006",
		Source: "https://www.svz.de/lokales/parchims-finanzamt-macht-bald-dicht-id4886086.html",
	},
	"2471": {
		// GV100AD gives the city of Bremen the number of the
		// Landeshauptkasse, a cash office; the BZSt file's only other
		// office in the city is the Finanzamt Bremen.
		To:     []string{"2460"},
		Why:    "since 1 February 2013 the Finanzamt Bremen handles the tax returns of the city whatever the Stadtteil (press release of the Senator für Finanzen, 11.07.2013)",
		Source: "https://www.senatspressestelle.bremen.de/pressemitteilungen/detail.php?gsid=bremen146.c.71655.de&asl=bremen146.c.25714.de",
	},
	"5318": {
		To:     []string{"5319"},
		Why:    "the offices Gelsenkirchen-Nord and -Süd merged in 2015 into the Finanzamt Gelsenkirchen, Ludwig-Erhard-Straße 7",
		Source: "https://app-webview.sparknews.funkemedien.de/nrw-waz/staedte/gelsenkirchen/article10557811/75-000-neue-steuernummern-fuer-gelsenkirchener-buerger.html",
	},
}
