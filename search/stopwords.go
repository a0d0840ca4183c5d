package search

import "strings"

// stopWordsDE and stopWordsEN are German and English words that say
// nothing about which service someone needs. They are written folded (see
// fold). Words that are a stop word in one language but a meaningful word
// in the other ("bin", "kind", "war", "arm") are not listed; twoFaced
// drops some of them by the language around them. Besides being dropped,
// they tell which language a query is in.
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
lange dauert dauern gibts nen nem aufm fuers mal halt eben schon
mehrere mehreren komme kam
hab brauch grad eigentlich trotzdem echt irgendwie irgendwas irgendwo
leider wirklich bisschen bissl ziemlich
ick icke wat nich nix keen keene keenen jetz
`

// twoFaced are the words that are a function word in one language and a
// word with a meaning in the other, with the language they are a function
// word in: "ich bin" is no dustbin, "what kind of" no child. See
// Index.words.
var twoFaced = map[string]language{"bin": langDE, "war": langDE, "kind": langEN}

const stopWordsEN = `
a about after again all am an and any are as at be because been being but by
can cant could did didnt do does doesnt dont for from get gets getting got
had has have having he hello her here hi him his how i if im in into is isnt
it its ive just me might more most my need needs no nor not now of off
on or our out over please she should so some such than that the their
them then there these they this those to too up us very want
wants was we were what when where which while who whom why will with would
you your yours
anything something really actually already maybe
`

// stopWordsUK, stopWordsRU, stopWordsTR and stopWordsAR are the Ukrainian,
// Russian, Turkish and Arabic words that say nothing about which service
// someone needs, folded (Turkish without its letters: "için" is "icin",
// "lütfen" is "luetfen").
const stopWordsUK = `
а але або б би був була були було в вам вас ваш ваша ваше ваші весь все всі
втім від він вона вони воно де для до добрий дуже є же за з зі знову і із
й їй їм їх її йому його к коли котрий куди ли лише мене мені мені мене мій
мо моя моє мої може можна ми мною на над нам нас наш не неї нема немає ні
ніж ну о об однак от по при про будь ласка саме свій
себе сказати собі та так також там твій те тебе теж ти тобі то той тому
треба тут у хто це цей ці цього чи чим чого що щоб як яка яке які який якщо
хочу хочемо потрібно потрібен потрібна маю привіт шо куди зараз підкажіть
скажіть будь ласка
`

const stopWordsRU = `
а без более бы был была были было быть в вам вас ваш ваша ваше ваши весь во
вот все всего всех вы где да даже для до его ее если есть еще же за здесь и
из или им их к как какая какие какой когда кто ли либо мне меня мой моя мое
мои может можно мы на надо нам нас наш не него нее нет ни них но ну о об
однако он она они оно от очень по под пожалуйста при про с со так также
там тебе тем то тогда того тоже только том ты у уже хочу хотим хотел
хотела чем что чтобы эта эти это этот я нужно нужен нужна мне здравствуйте
привет щас сейчас вообще куда надо подскажите скажите пожалуйста помогите
`

const stopWordsTR = `
acaba ama ancak bana bazi ben benden beni benim bir biraz biz bize bizi
bizim bu buna bunu bunun cok cuenkue da daha de degil diye en gibi hangi
hem hep her hic icin ile ise iste istiyorum kadar kendi ki kim mi mu mue
nasil ne neden nerede nereye nicin niye o olan olarak oldu olmak on ona
onlar onu onun sen sana seni senin siz size sizi sizin su sunu ve veya ya
yani luetfen merhaba lazim gerek gerekiyor sey nerden nereden nerde napcam
napmam yapmam ediyim yardim edin
`

const stopWordsAR = `
في من على إلى الى عن مع هذا هذه ذلك تلك هو هي هم انا أنا نحن انت أنت انتم
ما ماذا لماذا كيف متى اين أين هل او أو و ثم لا لم لن ان أن إن كان كانت
يكون قد كل بعض عند لدي لدى لي لك له لها نا الذي التي الذين اريد أريد نريد
ممكن يمكن من فضلك مرحبا السلام عليكم ايضا أيضا جدا فقط
شلون كيف كيفاش شنو شو ايش واش وين فين منين هسه هلق دابا اكو في كاين بدي
ابي ابغى بغيت اريد عندي ماعندي عندنا ممكن شي بس لي ديال باش حيت اللي هاد
هادي هدا هاي هذي اني انا احنا منو مين ليش علاش لازم خصني
`

// stopWordSets returns the stop words of each language as a set.
func stopWordSets() [numLangs]map[string]struct{} {
	var sets [numLangs]map[string]struct{}
	for l, a := range analyzers {
		f := strings.Fields(fold(a.stops))
		sets[l] = make(map[string]struct{}, len(f))
		for _, w := range f {
			sets[l][w] = struct{}{}
		}
	}
	return sets
}
