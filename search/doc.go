// Package search finds services in the catalog from free text.
//
// A citizen types what they need, in German or English, in their own words:
// "Baum fällen", "Perso verloren", "I lost my job", "Kindergelt". New builds
// an inverted index over the names, synonyms, summaries and (with less
// weight) descriptions of all services, in both languages, once at start-up;
// Index.Search then ranks the services for a query, best first.
//
// Text is analysed in the same way on both sides:
//
//   - lower-cased and folded: ä→ae, ö→oe, ü→ue, ß→ss, other accents dropped,
//     so "München", "Muenchen", "Straße" and "Strasse" meet;
//   - split into words at anything that is not a letter or digit; German and
//     English stop words are dropped; a few inflected verb forms become their
//     infinitive or the noun the catalog uses ("verstorben" → "sterben",
//     "lost" → "lose", "ziehe", "zog", "umgezogen" → "Umzug", "geheiratet"
//     → "heiraten");
//   - stemmed with the Snowball stemmers for German and English
//     (github.com/blevesearch/snowballstem): each language's fields with
//     the analyzer that locales/languages.toml names for it (german,
//     english; NewFor), German fields with the German one, English fields
//     with the English one. A query word is stemmed both ways, because
//     Lotse does not know which language a word is in.
//
// A query word that the index does not know (or finds only in
// descriptions) is read in more ways:
//
//   - as a German compound, split into words the catalog uses, with the usual
//     linking letters ("Baumfällgenehmigung" = Baum + fäll + Genehmigung,
//     "Personalausweisverlust" = Personalausweis + Verlust). Compounds in the
//     catalog's names, synonyms and summaries are split in the same way when
//     the index is built, so "Baum fällen" finds "Baumfällgenehmigung" too;
//     a word that is no German compound may be English words written
//     together ("childbenefit");
//   - as a typo of a word in a name, synonym or summary: edit distance 1 for
//     words of 6 to 9 letters, 2 from 10 letters ("Persnalausweis",
//     "Kindergelt"); for words the index does not know at all, and in
//     queries of up to three words also for words of seven or more letters
//     that it finds only in descriptions. Umlauts written as plain vowels
//     ("verlangern", "Auslanderbehorde") count as almost no typo;
//   - an unknown word of five or more letters as the beginning of at most
//     twelve longer words ("erwerbsunfähig" → "Erwerbsunfähigkeit").
//
// Two query words in a row that together are a German word of the catalog
// are also read as that word: a compound written apart ("Schwerbehinderten
// Ausweis", "Kinder Geld").
//
// A few words for family members ("Mama", "Papa", "my dad"), the countries
// people move to most ("Spanien", "Poland") and a few words of learners'
// English ("longer", "kids", "prove") are also read as the broader word the
// catalog uses ("Angehöriger", "relative", "Vater", "father", "Ausland",
// "abroad", "extend", "child", "proof"); a country after "aus" or "from"
// is where something comes from, read as "ausländisch" or "foreign"
// ("Führerschein aus Syrien", "licence from Iran").
//
// A service scores, for each query word, the best of these readings: the
// weight of the field the word occurs in (name > synonyms > summary >
// description), times how rare the word is in the catalog (inverse document
// frequency), times a discount for compound parts, typos and broader words.
// The sum over the query words is scaled by the share of them the service
// matched, counting only the words that some service matched well (so
// "Spanien" in "ich ziehe nach Spanien" takes nothing away), and a service
// whose name or one of whose synonyms the query contains whole gets a
// bonus. A word that is a function word in one language and means
// something in the other ("bin", "war", "kind") is dropped in that
// language's fields and in a query whose stop words are all of that
// language ("ich bin umgezogen" is not about a dustbin, "what kind of
// visa" not about a child).
//
// Matches in the language asked for count a little more. When the query's
// stop words are all German (or all English), matches in the other
// language's fields count a quarter ("ich bin umgezogen" is not about a
// dustbin); without such a hint, the same holds for a word that only one
// language's fields contain ("Rente" is not the English "rent").
//
// Help in danger comes first: a service with emergency phrases
// (catalog.Service.Emergency: "häusliche Gewalt", "schlägt mich", "kill
// myself", "suizid*") is put at the top of the hits whenever the folded
// query contains one of them, word by word, whatever the ranking says.
// Only the phrases that name an emergency rather than a danger ("notruf*",
// "Notfall", "emergency") stay quiet where they are part of another
// service's name or synonym ("Notrufknopf", "emergency passport").
//
// Services below MinScore, or far below the best hit, are left out, so a
// query that means nothing to the catalog yields no hits and the caller
// can offer the life situations instead.
//
// An Index is read-only after New and safe for concurrent use.
package search
