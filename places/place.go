package places

// Place is a German municipality (Gemeinde) or an unincorporated area
// (gemeindefreies Gebiet).
type Place struct {
	AGS             string   `json:"ags"`                        // Amtlicher Gemeindeschlüssel, 8 digits
	ARS             string   `json:"ars"`                        // Amtlicher Regionalschlüssel, 12 digits
	Name            string   `json:"name"`                       // official name, e.g. "Eisenberg, Stadt"
	District        string   `json:"district"`                   // Kreis or kreisfreie Stadt, e.g. "Saale-Holzland-Kreis"
	DistrictKind    string   `json:"district_kind,omitempty"`    // "Landkreis", "Kreis", "Kreisfreie Stadt", "Stadtkreis" or "Regionalverband"
	Association     string   `json:"association,omitempty"`      // Gemeindeverband (Amt, Verwaltungsgemeinschaft) where one administers it, its seat included; empty for verbandsfreie and erfüllende Gemeinden
	AssociationKind string   `json:"association_kind,omitempty"` // e.g. "Amt", "Verbandsgemeinde", "erfüllende Gemeinde"
	Land            string   `json:"land"`                       // e.g. "Thüringen"
	Postcodes       []string `json:"postcodes"`                  // sorted
	Population      int      `json:"population,omitempty"`       // inhabitants as the Gemeindeverzeichnis of 30.11.2025 gives them (Destatis' latest year-end figure; the file names no date)
	Unincorporated  bool     `json:"unincorporated,omitempty"`   // a gemeindefreies Gebiet, mostly forest or lake, no municipality of its own
	Lat             float64  `json:"lat"`                        // centre point, WGS84
	Lon             float64  `json:"lon"`
}
