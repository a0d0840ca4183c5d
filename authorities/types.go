package authorities

import (
	"strings"

	"github.com/lotse-de/lotse/catalog"
)

// Types are the kinds of authority that services name in authority.type,
// with their name in both languages.
var Types = map[string]catalog.Text{
	"gemeindeverwaltung":       {DE: "Gemeinde- oder Stadtverwaltung", EN: "municipal administration"},
	"meldebehoerde":            {DE: "Bürgeramt (Meldebehörde)", EN: "citizens' office (registration office)"},
	"standesamt":               {DE: "Standesamt", EN: "registry office"},
	"ordnungsamt":              {DE: "Ordnungsamt", EN: "public order office"},
	"fundbuero":                {DE: "Fundbüro", EN: "lost property office"},
	"steueramt":                {DE: "Steueramt", EN: "local tax office"},
	"wahlamt":                  {DE: "Wahlamt", EN: "elections office"},
	"abfallwirtschaft":         {DE: "Abfallwirtschaft", EN: "waste management"},
	"gewerbeamt":               {DE: "Gewerbeamt", EN: "trade office"},
	"sozialamt":                {DE: "Sozialamt", EN: "social welfare office"},
	"jobcenter":                {DE: "Jobcenter", EN: "Jobcenter"},
	"arbeitsagentur":           {DE: "Agentur für Arbeit", EN: "Employment Agency"},
	"familienkasse":            {DE: "Familienkasse", EN: "Family Benefits Office (Familienkasse)"},
	"elterngeldstelle":         {DE: "Elterngeldstelle", EN: "parental allowance office"},
	"jugendamt":                {DE: "Jugendamt", EN: "youth welfare office"},
	"wohngeldstelle":           {DE: "Wohngeldstelle", EN: "housing benefit office"},
	"wohnungsamt":              {DE: "Wohnungsamt", EN: "housing office"},
	"bauaufsicht":              {DE: "Untere Bauaufsichtsbehörde", EN: "building control authority"},
	"naturschutzbehoerde":      {DE: "Untere Naturschutzbehörde", EN: "nature conservation authority"},
	"denkmalschutzbehoerde":    {DE: "Untere Denkmalschutzbehörde", EN: "heritage protection authority"},
	"strassenverkehrsbehoerde": {DE: "Straßenverkehrsbehörde", EN: "road traffic authority"},
	"zulassungsbehoerde":       {DE: "Kfz-Zulassungsstelle", EN: "vehicle registration office"},
	"fahrerlaubnisbehoerde":    {DE: "Fahrerlaubnisbehörde", EN: "driving licence office"},
	"versorgungsamt":           {DE: "Versorgungsamt", EN: "pensions and disability office (Versorgungsamt)"},
	"eingliederungshilfe":      {DE: "Träger der Eingliederungshilfe", EN: "integration assistance office"},
	"auslaenderbehoerde":       {DE: "Ausländerbehörde", EN: "immigration office"},
	"einbuergerungsbehoerde":   {DE: "Einbürgerungsbehörde", EN: "naturalisation office"},
	"bamf":                     {DE: "Bundesamt für Migration und Flüchtlinge", EN: "Federal Office for Migration and Refugees"},
	"anerkennungsstelle":       {DE: "Anerkennungsstelle für ausländische Abschlüsse", EN: "recognition office for foreign qualifications"},
	"bafoeg-amt":               {DE: "Amt für Ausbildungsförderung", EN: "student finance office (BAföG office)"},
	"schulamt":                 {DE: "Schulamt oder Schule", EN: "school authority or school"},
	"gesundheitsamt":           {DE: "Gesundheitsamt", EN: "public health office"},
	"pflegekasse":              {DE: "Pflegekasse", EN: "long-term care insurance fund"},
	"krankenkasse":             {DE: "Krankenkasse", EN: "health insurance fund"},
	"rentenversicherung":       {DE: "Deutsche Rentenversicherung", EN: "German Pension Insurance"},
	"finanzamt":                {DE: "Finanzamt", EN: "tax office"},
	"bzst":                     {DE: "Bundeszentralamt für Steuern", EN: "Federal Central Tax Office"},
	"hauptzollamt":             {DE: "Hauptzollamt", EN: "main customs office"},
	"bundesamt-justiz":         {DE: "Bundesamt für Justiz", EN: "Federal Office of Justice"},
	"kba":                      {DE: "Kraftfahrt-Bundesamt", EN: "Federal Motor Transport Authority"},
	"beitragsservice":          {DE: "ARD ZDF Deutschlandradio Beitragsservice", EN: "ARD ZDF Deutschlandradio Beitragsservice"},
	"amtsgericht":              {DE: "Amtsgericht", EN: "local court"},
	"notar":                    {DE: "Notarin oder Notar", EN: "notary"},
	"bundesnotarkammer":        {DE: "Bundesnotarkammer (Zentrales Vorsorgeregister)", EN: "Federal Chamber of Notaries (Central Register of Lasting Powers of Attorney)"},
	"fischereibehoerde":        {DE: "Untere Fischereibehörde", EN: "fisheries authority"},
	"waffenbehoerde":           {DE: "Waffenbehörde", EN: "firearms authority"},
	"beratungsstelle":          {DE: "Anerkannte Beratungsstelle", EN: "recognised counselling service"},
	"kirchenaustritt":          {DE: "Standesamt oder Amtsgericht (je nach Land)", EN: "registry office or local court (depends on the Land)"},
}

// Lands are the sixteen Länder by their two-digit key, with their names in
// both languages.
var Lands = map[string]catalog.Text{
	"01": {DE: "Schleswig-Holstein", EN: "Schleswig-Holstein"},
	"02": {DE: "Hamburg", EN: "Hamburg"},
	"03": {DE: "Niedersachsen", EN: "Lower Saxony"},
	"04": {DE: "Bremen", EN: "Bremen"},
	"05": {DE: "Nordrhein-Westfalen", EN: "North Rhine-Westphalia"},
	"06": {DE: "Hessen", EN: "Hesse"},
	"07": {DE: "Rheinland-Pfalz", EN: "Rhineland-Palatinate"},
	"08": {DE: "Baden-Württemberg", EN: "Baden-Württemberg"},
	"09": {DE: "Bayern", EN: "Bavaria"},
	"10": {DE: "Saarland", EN: "Saarland"},
	"11": {DE: "Berlin", EN: "Berlin"},
	"12": {DE: "Brandenburg", EN: "Brandenburg"},
	"13": {DE: "Mecklenburg-Vorpommern", EN: "Mecklenburg-Western Pomerania"},
	"14": {DE: "Sachsen", EN: "Saxony"},
	"15": {DE: "Sachsen-Anhalt", EN: "Saxony-Anhalt"},
	"16": {DE: "Thüringen", EN: "Thuringia"},
}

// LandName returns the name of the Land with the given two-digit key, or
// the zero Text for an unknown key.
func LandName(key string) catalog.Text { return Lands[key] }

// LandKey returns the two-digit key of a Land given by key ("16") or by its
// German or English name ("Thüringen", "Thuringia"), and false if it is none.
func LandKey(land string) (string, bool) {
	if _, ok := Lands[land]; ok {
		return land, true
	}
	for k, n := range Lands {
		if strings.EqualFold(land, n.DE) || strings.EqualFold(land, n.EN) {
			return k, true
		}
	}
	return "", false
}
