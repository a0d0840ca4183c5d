// Package authorities knows who is competent where, and when they are open.
//
// A service in the catalog names the level and type of its competent
// authority (catalog.Authority), with exceptions for some Länder.
// Directory.Competent applies them to a place: it looks for a real record in
// the directory (authorities/directory/*.yaml, embedded; one record per
// file, every field from a named source) whose scope covers the service —
// by service id, LeiKa key or authority type — and the place's ARS, the
// longest ARS prefix winning; records as good as the best (the same area
// and kind of match, such as a city's several Bürgerbüros) come in
// Competence.Also. The administration of every
// Gemeinde (its Amt, Verbandsgemeinde … or itself, with the seat and its
// postcode, no street) is one line each in administrations.tsv, generated
// from the Destatis register like the other generated records (see
// directory.go). Without a record it derives the body from the
// rules (the municipality or its Gemeindeverband, the Landkreis or
// kreisfreie Stadt, the Land, the federal authority) and says plainly in
// LookupHint that Lotse has no contact details and where to find them. It
// never invents an address, number or opening hour. The patterns for those
// names and hints are data too, in texts.yaml (with the named Land bodies,
// such as the LABO in Berlin or the Bezirk of a Bavarian Regierungsbezirk),
// and so are the names of the authority types and Länder, in types.yaml,
// and the zugelassenen kommunalen Träger of the Jobcenter (KomtrZV), in
// jobcenters.yaml. For a derived body, Competence.Finder is the Land's own
// authority finder and Call115 says whether the Behördennummer 115 knows
// it, from portals.yaml, where every link names the official page that
// confirms it. Package card renders a Competence for people.
//
//	d, err := authorities.Load()
//	c := d.Competent(svc, place)
//	if c.Record != nil {
//		st := c.Record.Hours.At(time.Now(), c.Land)
//		// st.Open, st.Until, st.Next, st.ByAppointment, st.Holiday
//	}
//
// Office hours are data (weekly intervals, appointment days, a note);
// Hours.At computes "open now" and the next opening in Europe/Berlin (the
// zone data is embedded) with the public holidays of the Land from
// github.com/rickar/cal/v2, corrected where that library lags (see
// HolidayName). ParseHoursText reads hours written as German text.
//
// ImportXZuFi reads organisation units from XZuFi 2.x messages, the
// standard in which the Länder's Zuständigkeitsfinder exchange them, into
// records; `lotse import xzufi` writes them as YAML for review before they
// go into the directory.
//
// Lint checks the directory files for `lotse lint`; Directory.Coverage
// counts the inhabitants for whom a service has a real record, for
// `lotse coverage`.
//
// Everything here is read-only after loading and safe for concurrent use.
// Records returned by a Directory are shared: do not modify them.
package authorities
