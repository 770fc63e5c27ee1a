/// The words of the wide set (`SynthOptions.Variety.wide`): the made-up names, and the labels that
/// frame composed values (`Phrase`), each in the forms the files print. Built on first use, so the
/// standard set never pays for it.
///
/// `@unchecked Sendable`: immutable, built once for the process (`shared`).
struct WideVocabulary: @unchecked Sendable {
    static let shared = WideVocabulary()

    let names: MadeUpNames
    let streetTitles: Table<Spelled>
    let streetArticles: Table<Spelled>
    let recipientLabels: Table<Spelled>
    let placeLabels: Table<Spelled>
    let distributionLabels: Table<Spelled>
    let nameArticles: Table<Spelled>
    let signSuffixes: Table<Spelled>
    let contactLocals: Table<Word>
    let saint = Spelled("Saint-")
    let and = Spelled(" et ")
    let dotFr = Word(".fr")

    private init() {
        names = .shared
        streetTitles = Table(AnnuaireSynth.streetTitles.map(Spelled.init))
        streetArticles = Table(AnnuaireSynth.streetArticles.map(Spelled.init))
        recipientLabels = Table(AnnuaireSynth.recipientLabels.map(Spelled.init))
        placeLabels = Table(AnnuaireSynth.placeLabels.map(Spelled.init))
        distributionLabels = Table(AnnuaireSynth.distributionLabels.map(Spelled.init))
        nameArticles = Table(AnnuaireSynth.nameArticles.map(Spelled.init))
        signSuffixes = Table(AnnuaireSynth.signSuffixes.map(Spelled.init))
        contactLocals = Table(AnnuaireSynth.contactLocals.map(Word.init))
    }
}
