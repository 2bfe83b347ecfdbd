"""English → French from a synchronous grammar, with the gold word alignment of every pair.

One derivation tree renders both sentences at once: every rendered word carries the id of the grammar
atom it came from, so the alignment is read off the derivation rather than guessed afterwards.
French agreement (gender and number on determiners, adjectives, predicates; verbs with their subject),
adjective placement (most after the noun, "petit, grand, vieux, beau, bon..." before it), elision
(l', d', qu', n', cet, mon école, vieil homme) and contraction (du, au, des, aux) are done by the grammar.

Lengths are controlled by growing a derivation until its English side has exactly the requested number
of tokens: prepositional phrases, relative clauses, coordination and adjectives are added one at a time.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from models.data import Example, Splits
from models.tasks import TaskSpec
from models.tokenize import tokenizer, word_detok

# ---------------------------------------------------------------------------------------------------------
# Lexicon. Noun tags (semantic classes used for selection): h human, a animal, t portable thing, f food,
# d drink (mass noun: singular, no indefinite article), v vehicle, p place, k fixture, i abstract;
# and finer roles: r readable, s heard, o openable, c container, g given or received, y "go to" destination.

ALL = "hatfdvpki"
THINGS = "tfdvpk"

NOUNS = """
man men homme hommes m h
woman women femme femmes f h
boy boys garçon garçons m h
girl girls fille filles f h
child children enfant enfants m h
teacher teachers professeur professeurs m h
student students étudiant étudiants m h
doctor doctors médecin médecins m h
baker bakers boulanger boulangers m h
farmer farmers fermier fermiers m h
king kings roi rois m h
queen queens reine reines f h
friend friends ami amis m h
neighbor neighbors voisin voisins m h
uncle uncles oncle oncles m h
aunt aunts tante tantes f h
brother brothers frère frères m h
sister sisters sœur sœurs f h
mother mothers mère mères f h
father fathers père pères m h
baby babies bébé bébés m h
actor actors acteur acteurs m h
actress actresses actrice actrices f h
singer singers chanteur chanteurs m h
waiter waiters serveur serveurs m h
nurse nurses infirmière infirmières f h
soldier soldiers soldat soldats m h
lawyer lawyers avocat avocats m h
cook cooks cuisinier cuisiniers m h
engineer engineers ingénieur ingénieurs m h
guest guests invité invités m h
thief thieves voleur voleurs m h
prince princes prince princes m h
princess princesses princesse princesses f h
pupil pupils élève élèves m h
policeman policemen policier policiers m h
cat cats chat chats m a
dog dogs chien chiens m a
horse horses cheval chevaux m a
bird birds oiseau oiseaux m a
mouse mice souris souris f a
rabbit rabbits lapin lapins m a
cow cows vache vaches f a
pig pigs cochon cochons m a
duck ducks canard canards m a
fox foxes renard renards m a
wolf wolves loup loups m a
bear bears ours ours m a
lion lions lion lions m a
tiger tigers tigre tigres m a
monkey monkeys singe singes m a
elephant elephants éléphant éléphants m a
snake snakes serpent serpents m a
frog frogs grenouille grenouilles f a
goat goats chèvre chèvres f a
hen hens poule poules f a
owl owls chouette chouettes f a
bee bees abeille abeilles f a
turtle turtles tortue tortues f a
squirrel squirrels écureuil écureuils m a
donkey donkeys âne ânes m a
whale whales baleine baleines f a
spider spiders araignée araignées f a
butterfly butterflies papillon papillons m a
book books livre livres m trog
letter letters lettre lettres f trog
newspaper newspapers journal journaux m tr
map maps carte cartes f tr
story stories histoire histoires f irs
song songs chanson chansons f is
key keys clé clés f tg
bag bags sac sacs m toc
box boxes boîte boîtes f tocg
cup cups tasse tasses f tc
glass glasses verre verres m tc
bottle bottles bouteille bouteilles f toc
basket baskets panier paniers m tc
envelope envelopes enveloppe enveloppes f tog
plate plates assiette assiettes f t
knife knives couteau couteaux m t
spoon spoons cuillère cuillères f t
hat hats chapeau chapeaux m tg
shoe shoes chaussure chaussures f t
coat coats manteau manteaux m tg
shirt shirts chemise chemises f tg
dress dresses robe robes f tg
ball balls ballon ballons m tg
toy toys jouet jouets m tg
painting paintings tableau tableaux m tg
photo photos photo photos f tg
flower flowers fleur fleurs f tg
lamp lamps lampe lampes f t
clock clocks horloge horloges f t
computer computers ordinateur ordinateurs m tg
phone phones téléphone téléphones m tg
pen pens stylo stylos m tg
pencil pencils crayon crayons m tg
umbrella umbrellas parapluie parapluies m tg
ring rings bague bagues f tg
guitar guitars guitare guitares f tg
gift gifts cadeau cadeaux m tog
ticket tickets billet billets m tg
wallet wallets portefeuille portefeuilles m tg
coin coins pièce pièces f tg
rope ropes corde cordes f t
candle candles bougie bougies f tg
mirror mirrors miroir miroirs m t
blanket blankets couverture couvertures f tg
pillow pillows oreiller oreillers m t
ladder ladders échelle échelles f t
chair chairs chaise chaises f t
tree trees arbre arbres m k
table tables table tables f t
bed beds lit lits m t
door doors porte portes f ko
window windows fenêtre fenêtres f ko
apple apples pomme pommes f fg
cake cakes gâteau gâteaux m fg
egg eggs œuf œufs m f
orange oranges orange oranges f fg
banana bananas banane bananes f f
sandwich sandwiches sandwich sandwichs m f
pie pies tarte tartes f fg
carrot carrots carotte carottes f f
lemon lemons citron citrons m f
pear pears poire poires f f
tomato tomatoes tomate tomates f f
cookie cookies biscuit biscuits m fg
water - eau - f d
milk - lait - m d
coffee - café - m d
tea - thé - m d
juice - jus - m d
soup - soupe - f d
car cars voiture voitures f v
bicycle bicycles vélo vélos m v
boat boats bateau bateaux m v
train trains train trains m v
plane planes avion avions m v
bus buses bus bus m v
truck trucks camion camions m v
garden gardens jardin jardins m py
park parks parc parcs m py
school schools école écoles f py
kitchen kitchens cuisine cuisines f py
street streets rue rues f p
forest forests forêt forêts f p
city cities ville villes f py
village villages village villages m py
church churches église églises f py
hospital hospitals hôpital hôpitaux m py
hotel hotels hôtel hôtels m py
library libraries bibliothèque bibliothèques f py
market markets marché marchés m py
station stations gare gares f py
beach beaches plage plages f py
river rivers rivière rivières f py
field fields champ champs m py
castle castles château châteaux m py
restaurant restaurants restaurant restaurants m py
museum museums musée musées m py
office offices bureau bureaux m py
farm farms ferme fermes f py
shop shops magasin magasins m py
island islands île îles f p
bridge bridges pont ponts m p
mountain mountains montagne montagnes f py
lake lakes lac lacs m py
bedroom bedrooms chambre chambres f p
airport airports aéroport aéroports m py
theater theaters théâtre théâtres m py
bakery bakeries boulangerie boulangeries f py
house houses maison maisons f py
garage garages garage garages m py
cinema cinemas cinéma cinémas m py
"""

NAMES = """
Paul m|Pierre m|Thomas m|Louis m|Lucas m|Nicolas m|Marc m|Julien m|Victor m|Olivier m|Antoine m|Arthur m|Adam m|
Simon m|Martin m|Marie f|Sophie f|Julie f|Claire f|Emma f|Alice f|Anne f|Sarah f|Laura f|Manon f|Isabelle f|Lucie f|
Louise f|Nina f|Eva f
"""

# english  ms fs mp fp  tags  [form before a vowel]. PRE adjectives go before the French noun.
PRE_ADJECTIVES = """
small petit petite petits petites *
big grand grande grands grandes *
large gros grosse gros grosses hatfvp
young jeune jeune jeunes jeunes ha
old vieux vieille vieux vieilles * vieil
beautiful beau belle beaux belles * bel
pretty joli jolie jolis jolies *
good bon bonne bons bonnes *
bad mauvais mauvaise mauvais mauvaises *
new nouveau nouvelle nouveaux nouvelles * nouvel
long long longue longs longues tvpi
"""

POST_ADJECTIVES = """
red rouge rouge rouges rouges tvpk
blue bleu bleue bleus bleues tvpk
green vert verte verts vertes tvpk
black noir noire noirs noires atvpk
white blanc blanche blancs blanches atvpk
yellow jaune jaune jaunes jaunes tvpk
gray gris grise gris grises atvpk
pink rose rose roses roses tvpk
brown marron marron marron marron atvpk
happy heureux heureuse heureux heureuses ha
sad triste triste tristes tristes ha
tired fatigué fatiguée fatigués fatiguées ha
hungry affamé affamée affamés affamées ha
angry furieux furieuse furieux furieuses ha
kind gentil gentille gentils gentilles ha
clever intelligent intelligente intelligents intelligentes ha
strong fort forte forts fortes ha
rich riche riche riches riches h
poor pauvre pauvre pauvres pauvres h
famous célèbre célèbre célèbres célèbres hpi
lazy paresseux paresseuse paresseux paresseuses ha
brave courageux courageuse courageux courageuses ha
curious curieux curieuse curieux curieuses ha
polite poli polie polis polies h
sick malade malade malades malades ha
quiet silencieux silencieuse silencieux silencieuses hapv
heavy lourd lourde lourds lourdes tfv
empty vide vide vides vides tpv
full plein pleine pleins pleines tpv
clean propre propre propres propres tpvk
dirty sale sale sales sales tpvk
cold froid froide froids froides tfd
hot chaud chaude chauds chaudes tfd
broken cassé cassée cassés cassées tvk
open ouvert ouverte ouverts ouvertes tkp
expensive cher chère chers chères tfdvp
modern moderne moderne modernes modernes tvp
round rond ronde ronds rondes tf
French français française français françaises *
Italian italien italienne italiens italiennes *
wet mouillé mouillée mouillés mouillées hatv
dry sec sèche secs sèches tf
fast rapide rapide rapides rapides hav
slow lent lente lents lentes hav
strange étrange étrange étranges étranges *
"""

# base/3sg [particles] | French 3sg 3pl | subject tags | object tags
TRANSITIVE = """
see/sees | voit voient | ha | *
watch/watches | regarde regardent | ha | *
look/looks at | regarde regardent | ha | *
love/loves | aime aiment | h | *
like/likes | aime aiment | h | hatfdvp
hate/hates | déteste détestent | ha | hatfdvp
find/finds | trouve trouvent | ha | hatfv
carry/carries | porte portent | ha | atf
buy/buys | achète achètent | h | tfdv
sell/sells | vend vendent | h | tfdva
wash/washes | lave lavent | h | tvah
draw/draws | dessine dessinent | h | hatfvp
prepare/prepares | prépare préparent | h | fd
eat/eats | mange mangent | ha | f
drink/drinks | boit boivent | ha | d
leave/leaves | quitte quittent | ha | hp
visit/visits | visite visitent | h | p
meet/meets | rencontre rencontrent | h | h
follow/follows | suit suivent | ha | hav
help/helps | aide aident | ha | ha
call/calls | appelle appellent | h | ha
catch/catches | attrape attrapent | ha | at
push/pushes | pousse poussent | ha | tvha
pull/pulls | tire tirent | ha | tv
keep/keeps | garde gardent | ha | tfa
repair/repairs | répare réparent | h | tvk
clean/cleans | nettoie nettoient | h | tvpk
throw/throws | jette jettent | ha | tf
hide/hides | cache cachent | ha | tfa
touch/touches | touche touchent | ha | hatfvk
admire/admires | admire admirent | h | *
notice/notices | remarque remarquent | ha | hatfvpk
protect/protects | protège protègent | ha | hap
share/shares | partage partagent | ha | tfd
borrow/borrows | emprunte empruntent | h | tv
break/breaks | casse cassent | ha | tk
paint/paints | peint peignent | h | tvpk
build/builds | construit construisent | h | pv
read/reads | lit lisent | h | r
write/writes | écrit écrivent | h | r
take/takes | prend prennent | ha | tfv
lose/loses | perd perdent | h | t
hear/hears | entend entendent | ha | hasv
know/knows | connaît connaissent | h | hps
open/opens | ouvre ouvrent | h | ok
close/closes | ferme ferment | h | ok
choose/chooses | choisit choisissent | h | tfav
fill/fills | remplit remplissent | h | c
finish/finishes | finit finissent | h | fdr
receive/receives | reçoit reçoivent | h | g
discover/discovers | découvre découvrent | ha | hatfvpi
bring/brings | apporte apportent | ha | tfd
chase/chases | chasse chassent | ha | hav
bite/bites | mord mordent | a | hat
understand/understands | comprend comprennent | h | hri
forget/forgets | oublie oublient | h | htis
look/looks for | cherche cherchent | ha | hatfv
listen/listens to | écoute écoutent | ha | hs
wait/waits for | attend attendent | ha | hav
pay/pays for | paie paient | h | tfdv
kiss/kisses | embrasse embrassent | h | ha
greet/greets | salue saluent | h | h
thank/thanks | remercie remercient | h | h
feed/feeds | nourrit nourrissent | h | ha
smell/smells | sent sentent | ha | tfd
drive/drives | conduit conduisent | h | v
"""

# base/3sg | French 3sg 3pl | subject tags | object tags | recipient tags ("to" → "à")
DITRANSITIVE = """
give/gives | donne donnent | h | tfdg | ha
show/shows | montre montrent | h | tfgvr | h
send/sends | envoie envoient | h | tfg | h
offer/offers | offre offrent | h | tfdg | h
sell/sells | vend vendent | h | tfgv | h
bring/brings | apporte apportent | ha | tfdg | h
lend/lends | prête prêtent | h | tvg | h
throw/throws | jette jettent | h | tf | ha
read/reads | lit lisent | h | r | h
write/writes | écrit écrivent | h | r | h
"""

# base/3sg particle | French 3sg 3pl preposition | subject tags | object tags. The particle aligns with the preposition.
PREP_VERBS = """
talk/talks to | parle parlent à | h | ha
talk/talks about | parle parlent de | h | *
smile/smiles at | sourit sourient à | h | ha
think/thinks about | pense pensent à | h | *
belong/belongs to | appartient appartiennent à | atv | h
go/goes to | va vont à | ha | y
come/comes from | vient viennent de | ha | y
return/returns to | retourne retournent à | ha | y
arrive/arrives at | arrive arrivent à | hav | y
write/writes to | écrit écrivent à | h | h
dream/dreams about | rêve rêvent de | h | *
play/plays with | joue jouent avec | ha | hat
dance/dances with | danse dansent avec | h | h
"""

# base/3sg | French 3sg 3pl | subject tags | flags: w = fits "the park where ... <verb>", o = only there
INTRANSITIVE = """
sleep/sleeps | dort dorment | ha | w
run/runs | court courent | ha | w
sing/sings | chante chantent | ha | w
dance/dances | danse dansent | h | w
laugh/laughs | rit rient | h | w
cry/cries | pleure pleurent | h |
work/works | travaille travaillent | h | w
arrive/arrives | arrive arrivent | hav |
swim/swims | nage nagent | ha | w
walk/walks | marche marchent | ha | w
play/plays | joue jouent | ha | w
wait/waits | attend attendent | ha | w
smile/smiles | sourit sourient | h |
fall/falls | tombe tombent | hat |
shout/shouts | crie crient | h |
eat/eats | mange mangent | ha | w
read/reads | lit lisent | h | w
jump/jumps | saute sautent | ha |
win/wins | gagne gagnent | h |
travel/travels | voyage voyagent | h |
stay/stays | reste restent | ha | w
leave/leaves | part partent | hav |
live/lives | habite habitent | ha | o
"""

# base/3sg | French 3sg 3pl: verbs taking "that" + clause ("que" + indicative, so never negated)
THAT_VERBS = """
think/thinks | pense pensent
say/says | dit disent
know/knows | sait savent
believe/believes | croit croient
hope/hopes | espère espèrent
explain/explains | explique expliquent
notice/notices | remarque remarquent
shout/shouts | crie crient
dream/dreams | rêve rêvent
write/writes | écrit écrivent
"""

# Prepositions: atoms (English words → French words, one alignment unit each), object tags,
# head-noun tags when the phrase modifies a noun ("" = never), usable after a verb, and whether
# the object may take "a"/"some" ("sans des amis" is wrong; "sans amis" drops the article).
_PREPOSITIONS = [
    ("of", [("of", "de")], "hap", ALL, False, True),
    ("with", [("with", "avec")], "hat", "hap", True, True),
    ("without", [("without", "sans")], "hat", "hap", True, False),
    ("near", [("near", "près de")], "tpvka", "hatvp", True, True),
    ("behind", [("behind", "derrière")], "tpvkha", "hatvp", True, True),
    ("under", [("under", "sous")], "tkv", "hatf", True, True),
    ("on", [("on", "sur")], "tv", "hatf", True, True),
    ("in", [("in", "dans")], "pc", "hatfv", True, True),
    ("at", [("at", "à")], "y", "", True, True),
    ("next to", [("next to", "à côté de")], "hatpvk", "hatpvk", True, True),
    ("in front of", [("in front of", "devant")], "hpvk", "hatv", True, True),
    ("for", [("for", "pour")], "ha", "tfg", False, True),  # not after verbs: "waits for X" is "attend X"
    ("from", [("from", "de")], "hp", "g", False, True),
    ("far from", [("far", "loin"), ("from", "de")], "p", "p", True, True),
]

# Clause conjunctions as alignment atoms, with weights.
_CONJUNCTIONS = [
    ([("and", "et")], 4.0),
    ([(",", ","), ("but", "mais")], 1.0),
    ([("because", "parce que")], 1.0),
    ([("while", "pendant que")], 0.6),
    ([("when", "quand")], 0.8),
    ([("if", "si")], 0.5),
    ([("as soon as", "dès que")], 0.3),
]

# Determiners: English singular/plural, French masculine/feminine singular and plural, numbers allowed, weight.
_DETERMINERS = {
    "the": (("the", "the"), ("le", "la", "les"), "sp", 10.0),
    "a": (("a", ""), ("un", "une", ""), "s", 4.0),
    "some": (("", "some"), ("", "", "des"), "p", 2.0),
    "this": (("this", "these"), ("ce", "cette", "ces"), "sp", 2.0),
    "my": (("my", "my"), ("mon", "ma", "mes"), "sp", 1.0),
    "his": (("his", "his"), ("son", "sa", "ses"), "sp", 0.8),
    "her": (("her", "her"), ("son", "sa", "ses"), "sp", 0.8),
    "your": (("your", "your"), ("votre", "votre", "vos"), "sp", 0.6),
    "our": (("our", "our"), ("notre", "notre", "nos"), "sp", 0.6),
    "their": (("their", "their"), ("leur", "leur", "leurs"), "sp", 0.6),
    "every": (("every", ""), ("chaque", "chaque", ""), "s", 0.6),
    "two": (("", "two"), ("", "", "deux"), "p", 0.5),
    "three": (("", "three"), ("", "", "trois"), "p", 0.4),
}
_POSSESSIVES = ("my", "his", "her", "your", "our", "their")
_MASS_DETERMINERS = ("the", "this", *_POSSESSIVES)

_FR_VOWELS = set("aeiouàâäéèêëîïôöûùüœæAEIOUÀÂÉÈÊÎÔŒ")
# Nouns and verbs whose h is mute, so "l'homme", "cet hôtel", "n'habite"; no aspirated-h word is in the lexicon.
MUTE_H = {"homme", "hommes", "hôpital", "hôpitaux", "hôtel", "hôtels", "histoire", "histoires", "horloge"}
MUTE_H |= {"horloges", "habite", "habitent", "heureux", "heureuse", "heureuses"}


def starts_with_vowel_sound(word: str) -> bool:
    """French: does `word` trigger elision (l', d', qu', n') and the forms cet, mon (école), vieil, bel, nouvel?"""
    return word[0] in _FR_VOWELS or word.lower() in MUTE_H


@dataclass(frozen=True, slots=True)
class Noun:
    en: tuple[str, str]
    fr: tuple[str, str]
    gender: str  # "m" or "f"
    tags: str
    mass: bool


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    gender: str


@dataclass(frozen=True, slots=True)
class Adjective:
    en: str
    forms: tuple[str, str, str, str]  # masc sg, fem sg, masc pl, fem pl
    tags: str
    pre: bool  # placed before the French noun
    before_vowel: str = ""  # vieil, bel, nouvel

    def form(self, gender: str, plural: bool) -> str:
        return self.forms[2 * plural + (gender == "f")]


@dataclass(frozen=True, slots=True)
class Verb:
    en: tuple[str, str]  # base, 3rd person singular
    particles: tuple[str, ...]  # English words after the verb: "for" in "looks for"
    fr: tuple[str, str]  # 3rd person singular, plural
    subj: str
    obj: str = ""
    obj2: str = ""  # ditransitive recipient tags
    prep: str = ""  # French preposition of a prepositional verb ("à" in "parle à")
    where: bool = False
    only_where: bool = False


@dataclass(frozen=True, slots=True)
class Preposition:
    en: str
    atoms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    obj: str
    head: str
    after_verb: bool
    indefinite_ok: bool

    @property
    def en_len(self) -> int:
        return sum(len(en) for en, _ in self.atoms)


def _atoms(pairs: list[tuple[str, str]]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return tuple((tuple(en.split()), tuple(fr.split())) for en, fr in pairs)


def _rows(table: str) -> list[list[str]]:
    return [[c.strip() for c in line.split("|")] for line in table.strip().splitlines()]


def _verb_head(spec: str) -> tuple[tuple[str, str], tuple[str, ...]]:
    first, *particles = spec.split()
    base, third = first.split("/")
    return (base, third), tuple(particles)


def _parse_nouns() -> list[Noun]:
    out = []
    for line in NOUNS.strip().splitlines():
        en_sg, en_pl, fr_sg, fr_pl, gender, tags = line.split()
        mass = en_pl == "-"
        out.append(Noun((en_sg, en_pl), (fr_sg, fr_pl), gender, tags, mass))
    return out


def _parse_adjectives(table: str, pre: bool) -> list[Adjective]:
    out = []
    for line in table.strip().splitlines():
        en, ms, fs, mp, fp, tags, *alt = line.split()
        out.append(Adjective(en, (ms, fs, mp, fp), ALL if tags == "*" else tags, pre, alt[0] if alt else ""))
    return out


def _parse_verbs() -> dict[str, list[Verb]]:
    verbs: dict[str, list[Verb]] = {"tr": [], "ditr": [], "prep": [], "intr": [], "that": []}
    for head, fr, subj, obj in _rows(TRANSITIVE):
        en, particles = _verb_head(head)
        verbs["tr"].append(Verb(en, particles, tuple(fr.split()), subj, ALL if obj == "*" else obj))
    for head, fr, subj, obj, obj2 in _rows(DITRANSITIVE):
        en, particles = _verb_head(head)
        verbs["ditr"].append(Verb(en, particles, tuple(fr.split()), subj, obj, obj2))
    for head, fr, subj, obj in _rows(PREP_VERBS):
        en, particles = _verb_head(head)
        fr3, fr3p, prep = fr.split()
        verbs["prep"].append(Verb(en, particles, (fr3, fr3p), subj, ALL if obj == "*" else obj, prep=prep))
    for head, fr, subj, flags in _rows(INTRANSITIVE):
        en, particles = _verb_head(head)
        verbs["intr"].append(
            Verb(en, particles, tuple(fr.split()), subj, where="w" in flags or "o" in flags, only_where="o" in flags)
        )
    for head, fr in _rows(THAT_VERBS):
        en, particles = _verb_head(head)
        verbs["that"].append(Verb(en, particles, tuple(fr.split()), "h"))
    return verbs


LEXICON_NOUNS = _parse_nouns()
LEXICON_NAMES = [Name(*entry.split()) for entry in NAMES.replace("\n", "").split("|")]
LEXICON_ADJECTIVES = _parse_adjectives(PRE_ADJECTIVES, True) + _parse_adjectives(POST_ADJECTIVES, False)
LEXICON_VERBS = _parse_verbs()
PREPOSITIONS = [Preposition(en, _atoms(atoms), obj, head, v, ind) for en, atoms, obj, head, v, ind in _PREPOSITIONS]
CONJUNCTIONS = [(_atoms(atoms), w) for atoms, w in _CONJUNCTIONS]


def _fits(tags: str, other: str) -> bool:
    return any(t in other for t in tags)


# ---------------------------------------------------------------------------------------------------------
# Derivation trees. Each node knows its English length so the grower can hit an exact sentence length.


@dataclass(eq=False, slots=True)
class NP:
    tags: str  # classes its head may take (narrowed by whatever governs it)
    name: Name | None = None
    noun: Noun | None = None
    det: str = ""
    plural: bool = False
    pre: Adjective | None = None
    post: Adjective | None = None
    pp: PP | None = None
    rel: Rel | None = None
    conj: NP | None = None  # "X and Y": the coordination hangs off its first item
    coordinable: bool = False  # subjects and direct objects only ("de X et de Y" would repeat the preposition)
    no_every: bool = False
    indefinite_ok: bool = True
    governor: VP | None = None  # the VP whose direct object this is: negation turns "un" into "de"

    def head_tags(self) -> str:
        return "h" if self.name else self.noun.tags

    def en_len(self) -> int:
        n = 1 if self.name else 2 + (self.pre is not None) + (self.post is not None)
        if self.pp:
            n += self.pp.en_len()
        if self.rel:
            n += self.rel.en_len()
        if self.conj:
            n += 1 + self.conj.en_len()
        return n

    def items(self) -> list[NP]:
        out, np = [], self
        while np:
            out.append(np)
            np = np.conj
        return out

    def gender(self) -> str:
        return self.name.gender if self.name else self.noun.gender


@dataclass(eq=False, slots=True)
class PP:
    prep: Preposition
    np: NP

    def en_len(self) -> int:
        return self.prep.en_len + self.np.en_len()


@dataclass(eq=False, slots=True)
class VP:
    kind: str  # intr, tr, ditr, prep, that, cop
    subj: NP  # the NP it agrees with (the head noun, for a subject relative clause)
    verb: Verb | None = None
    neg: bool = False
    obj: NP | None = None
    obj2: NP | None = None
    loc: PP | None = None
    adjs: list[Adjective] = field(default_factory=list)
    comp: Clause | None = None
    gap: bool = False  # object relative: the object is "that"/"que"
    no_loc: bool = False  # "where" clauses already say where

    def en_len(self) -> int:
        if self.kind == "cop":
            n = 1 + self.neg + max(0, 2 * len(self.adjs) - 1)
        else:
            n = 1 + len(self.verb.particles) + 2 * self.neg
        if self.obj and not self.gap:
            n += self.obj.en_len()
        if self.obj2:
            n += 1 + self.obj2.en_len()
        if self.comp:
            n += 1 + self.comp.en_len()
        if self.loc:
            n += self.loc.en_len()
        return n


@dataclass(eq=False, slots=True)
class Clause:
    subj: NP
    vp: VP

    def en_len(self) -> int:
        return self.subj.en_len() + self.vp.en_len()


@dataclass(eq=False, slots=True)
class Rel:
    kind: str  # subj ("who sleeps"), obj ("that the dog chases"), where ("where the man works")
    word: str  # who, that, which, where
    vp: VP | None = None
    clause: Clause | None = None

    def en_len(self) -> int:
        return 1 + (self.vp.en_len() if self.vp else self.clause.en_len())


# ---------------------------------------------------------------------------------------------------------
# Growing a derivation to an exact English length.


def _pick(rng: random.Random, table: tuple[list, list[float]]):
    """One item of (items, cumulative weights); a bisect is much cheaper than rng.choices in this hot loop."""
    items, cum_weights = table
    return items[bisect(cum_weights, rng.random() * cum_weights[-1])]


def _table(pairs) -> tuple[list, list[float]]:
    items, weights = zip(*pairs, strict=True)
    return list(items), list(accumulate(weights))


# Determiner choices by (mass noun, "every" allowed, "a"/"some" allowed).
_DET_TABLES = {
    (mass, every, indefinite): _table(
        (k, _DETERMINERS[k][3])
        for k in (_MASS_DETERMINERS if mass else _DETERMINERS)
        if (every or k != "every") and (indefinite or k not in ("a", "some"))
    )
    for mass in (False, True)
    for every in (False, True)
    for indefinite in (False, True)
}
_CONJ_TABLE = _table(CONJUNCTIONS)


_NOUN_CACHE: dict[str, list[Noun]] = {}
_ADJ_CACHE: dict[tuple[str, bool], list[Adjective]] = {}


def nouns_for(tags: str) -> list[Noun]:
    if tags not in _NOUN_CACHE:
        _NOUN_CACHE[tags] = [n for n in LEXICON_NOUNS if _fits(n.tags, tags)]
    return _NOUN_CACHE[tags]


def adjectives_for(tags: str, pre: bool) -> list[Adjective]:
    key = (tags, pre)
    if key not in _ADJ_CACHE:
        _ADJ_CACHE[key] = [a for a in LEXICON_ADJECTIVES if a.pre == pre and _fits(tags, a.tags)]
    return _ADJ_CACHE[key]


_VERB_CACHE: dict[tuple[str, str], list[Verb]] = {}


def verbs_for(kind: str, tags: str) -> list[Verb]:
    """Verbs of `kind` whose subject fits `tags`; kind "gap" means transitive verbs whose object fits `tags`,
    "where" the intransitive verbs of "the park where ... <verb>"."""
    key = (kind, tags)
    if key not in _VERB_CACHE:
        if kind == "gap":
            _VERB_CACHE[key] = [v for v in LEXICON_VERBS["tr"] if _fits(tags, v.obj)]
        elif kind == "where":
            _VERB_CACHE[key] = [v for v in LEXICON_VERBS["intr"] if v.where]
        else:
            _VERB_CACHE[key] = [v for v in LEXICON_VERBS[kind] if _fits(tags, v.subj) and not v.only_where]
    return _VERB_CACHE[key]


def _narrow(np: NP, tags: str) -> bool:
    """Restrict every item of `np` to heads fitting `tags`; False (and no change) if one cannot fit."""
    items = np.items()
    if not all(_fits(item.head_tags(), tags) for item in items):
        return False
    for item in items:
        item.tags = "".join(t for t in item.tags if t in tags) or item.head_tags()
    return True


class Grower:
    """Builds one derivation: a minimal clause, then expansions until the English side has `length` tokens."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.nps: list[NP] = []
        self.vps: list[VP] = []
        self.parts: list[tuple[tuple, Clause]] = []

    # -- building blocks ---------------------------------------------------------------------------------

    def set_common(self, np: NP, noun: Noun) -> None:
        rng = self.rng
        det = _pick(rng, _DET_TABLES[noun.mass, not np.no_every, np.indefinite_ok])
        numbers = _DETERMINERS[det][2]
        np.name, np.noun, np.det = None, noun, det
        np.plural = False if noun.mass else ("p" in numbers and (numbers == "p" or rng.random() < 0.35))

    def new_np(self, tags: str, budget: int, **flags) -> NP | None:
        np = NP(tags, **flags)
        can_name = "h" in tags
        if budget < 1 or (budget < 2 and not can_name):
            return None
        if can_name and (budget < 2 or self.rng.random() < 0.25):
            np.name = self.rng.choice(LEXICON_NAMES)
        else:
            self.set_common(np, self.rng.choice(nouns_for(tags)))
        self.nps.append(np)
        return np

    def new_vp(self, subj: NP, budget: int) -> VP | None:
        """A VP whose subject is `subj` (already built), using at most `budget` English tokens."""
        kinds, cum_weights = _VP_KINDS["h" in subj.head_tags(), min(budget, 6)]
        for _ in range(4):
            kind = _pick(self.rng, (kinds, cum_weights))
            mark = self.mark()
            vp = self._vp_of_kind(kind, subj, budget)
            if vp is not None:
                self.vps.append(vp)
                return vp
            self.rollback(mark)
        return None

    def mark(self) -> tuple[int, int]:
        return len(self.nps), len(self.vps)

    def rollback(self, mark: tuple[int, int]) -> None:
        """Forget nodes built by an attempt that failed: they are in no tree, so growing them would count
        tokens that never get rendered."""
        del self.nps[mark[0] :], self.vps[mark[1] :]

    def _vp_of_kind(self, kind: str, subj: NP, budget: int) -> VP | None:
        rng = self.rng
        head = subj.head_tags()
        if kind == "cop":
            adjs = adjectives_for(head, True) + adjectives_for(head, False)
            if rng.random() < 0.25 and budget >= 3:
                loc = self._new_pp(budget - 1, after_verb=True, place=True)
                return VP("cop", subj, loc=loc) if loc else None
            adj = rng.choice(adjs)
            if not _narrow(subj, adj.tags):
                return None
            return VP("cop", subj, adjs=[adj])
        verbs = verbs_for(kind, head)
        if not verbs:
            return None
        verb = rng.choice(verbs)
        if not _narrow(subj, verb.subj):
            return None
        vp = VP(kind, subj, verb)
        left = budget - 1 - len(verb.particles)
        if kind in ("tr", "ditr", "prep"):
            obj_budget = left - (2 if kind == "ditr" else 0)
            vp.obj = self.new_np(verb.obj, obj_budget, coordinable=kind != "prep", no_every=kind != "prep")
            if vp.obj is None:
                return None
            if kind != "prep":
                vp.obj.governor = vp
            left -= vp.obj.en_len()
        if kind == "ditr":
            vp.obj2 = self.new_np(verb.obj2, left - 1)
            if vp.obj2 is None:
                return None
        if kind == "that":
            vp.comp = self.new_clause(left - 1)
            if vp.comp is None:
                return None
        return vp

    def _new_pp(self, budget: int, *, after_verb: bool, head: str = "", place: bool = False) -> PP | None:
        preps = [p for p in PREPOSITIONS if p.en_len < budget]
        preps = [p for p in preps if p.after_verb] if after_verb else [p for p in preps if _fits(head, p.head)]
        if place:  # "is in the garden", not "is with the dog"
            preps = [p for p in preps if p.en not in ("with", "without")]
        if not preps:
            return None
        prep = self.rng.choice(preps)
        np = self.new_np(prep.obj, budget - prep.en_len, indefinite_ok=prep.indefinite_ok)
        return PP(prep, np) if np else None

    def new_clause(self, budget: int, *, gap_tags: str = "", where: bool = False) -> Clause | None:
        """A clause of at most `budget` tokens. With `gap_tags` its object is a relative pronoun for a noun
        of those tags ("that the dog chases"); with `where` it is a "where" clause ("where the man works")."""
        rng = self.rng
        if gap_tags or where:
            verb = rng.choice(verbs_for("gap", gap_tags) if gap_tags else verbs_for("where", ""))
            subj = self.new_np(verb.subj, budget - 1 - len(verb.particles), coordinable=True)
            if subj is None:
                return None
            vp = VP("tr" if gap_tags else "intr", subj, verb, gap=bool(gap_tags), no_loc=where)
            self.vps.append(vp)
            return Clause(subj, vp)
        subj = self.new_np(ALL, min(budget - 1, 2), coordinable=True)
        if subj is None:
            return None
        vp = self.new_vp(subj, budget - subj.en_len())
        return Clause(subj, vp) if vp else None

    # -- expansions: each returns the number of English tokens it added (0 when it does not apply) ----

    def add_pre_adjective(self, budget: int) -> int:
        return self._add_adjective(pre=True)

    def add_post_adjective(self, budget: int) -> int:
        return self._add_adjective(pre=False)

    def _add_adjective(self, pre: bool) -> int:
        np = self.rng.choice(self.nps)
        if np.noun is None or (np.pre if pre else np.post) is not None:
            return 0
        adjs = adjectives_for(np.noun.tags, pre)
        if not adjs:
            return 0
        if pre:
            np.pre = self.rng.choice(adjs)
        else:
            np.post = self.rng.choice(adjs)
        return 1

    def name_to_noun(self, budget: int) -> int:
        np = self.rng.choice(self.nps)
        if np.name is None:
            return 0
        self.set_common(np, self.rng.choice(nouns_for(np.tags)))
        return 1

    def add_pp(self, budget: int) -> int:
        np = self.rng.choice(self.nps)
        # A noun takes a PP or a relative clause, not both: in "the friend of the woman who is happy"
        # the clause could then belong to either noun, and French agreement would have to guess.
        if np.noun is None or np.pp or np.rel:
            return 0
        pp = self._new_pp(budget, after_verb=False, head=np.noun.tags)
        if pp is None or (pp.prep.en == "of" and np.det in _POSSESSIVES):  # not "his milk of Victor"
            return 0
        np.pp = pp
        return pp.en_len()

    def add_relative(self, budget: int) -> int:
        rng = self.rng
        np = rng.choice(self.nps)
        if np.noun is None or np.pp or np.rel or budget < 2:
            return 0
        tags = np.noun.tags
        kinds = ["subj"] + ["obj"] * (budget >= 3) + ["where"] * (budget >= 3 and "p" in tags)
        kind = rng.choice(kinds)
        human = "h" in tags
        if kind == "subj":
            vp = self.new_vp(np, budget - 1)
            if vp is None:
                return 0
            rel = Rel("subj", rng.choice(("who", "that")) if human else rng.choice(("that", "which")), vp=vp)
        else:
            clause = self.new_clause(budget - 1, gap_tags=tags if kind == "obj" else "", where=kind == "where")
            if clause is None:
                return 0
            word = "where" if kind == "where" else ("that" if human else rng.choice(("that", "which")))
            rel = Rel(kind, word, clause=clause)
        np.rel = rel
        return rel.en_len()

    def add_location(self, budget: int) -> int:
        vp = self.rng.choice(self.vps)
        if vp.loc or vp.no_loc or vp.kind not in ("intr", "tr"):
            return 0
        pp = self._new_pp(budget, after_verb=True)
        if pp is None:
            return 0
        vp.loc = pp
        return pp.en_len()

    def add_negation(self, budget: int) -> int:
        vp = self.rng.choice(self.vps)
        added = 1 if vp.kind == "cop" else 2  # "is not", "does not sleep"
        if vp.neg or vp.kind == "that" or (vp.obj and vp.obj.conj) or added > budget:
            return 0
        vp.neg = True
        return added

    def add_clause(self, budget: int) -> int:
        if len(self.parts) >= 4:
            return 0
        atoms = _pick(self.rng, _CONJ_TABLE)
        conj_len = sum(len(en) for en, _ in atoms)
        clause = self.new_clause(budget - conj_len)
        if clause is None:
            return 0
        self.parts.append((atoms, clause))
        return conj_len + clause.en_len()

    def add_coordination(self, budget: int) -> int:
        np = self.rng.choice(self.nps)
        if not np.coordinable or np.conj or np.det == "every" or (np.governor and np.governor.neg):
            return 0
        other = self.new_np(np.tags, budget - 1, no_every=True)
        if other is None:
            return 0
        np.conj, np.no_every = other, True
        return 1 + other.en_len()

    def add_predicate_adjective(self, budget: int) -> int:
        vp = self.rng.choice(self.vps)
        if vp.kind != "cop" or len(vp.adjs) != 1:
            return 0
        adjs = [a for a in adjectives_for(vp.subj.tags, False) + adjectives_for(vp.subj.tags, True) if a != vp.adjs[0]]
        adj = self.rng.choice(adjs) if adjs else None
        if adj is None or not _narrow(vp.subj, adj.tags):
            return 0
        vp.adjs.append(adj)
        return 2

    def add_that_clause(self, budget: int) -> int:
        vp = self.rng.choice(self.vps)
        if vp.kind != "intr" or vp.loc or vp.neg or vp.no_loc or budget < 3:
            return 0
        if not _narrow(vp.subj, "h"):
            return 0
        comp = self.new_clause(budget - 1)
        if comp is None:
            return 0
        vp.kind, vp.verb, vp.comp = "that", self.rng.choice(LEXICON_VERBS["that"]), comp
        return 1 + comp.en_len()

    # -- the loop ------------------------------------------------------------------------------------------

    def grow(self, length: int) -> list[tuple[tuple, Clause]] | None:
        """Parts (conjunction atoms, clause) of a sentence of exactly `length` English tokens, or None."""
        first = self.new_clause(length - 1)
        if first is None:
            return None
        self.parts.append(((), first))
        size = first.en_len() + 1
        for _ in range(40 + 8 * length):
            left = length - size
            if left == 0:
                return self.parts
            mark = self.mark()
            added = _pick(self.rng, _EXPANSIONS[min(left, 4)])(self, left)
            if added:
                size += added
            else:
                self.rollback(mark)
        return None


def _by_budget(table: list[tuple[float, int, object]], budgets: range) -> dict[int, tuple[list, list[float]]]:
    """For each budget, the entries whose least size fits it, as a table for _pick."""
    out = {}
    for budget in budgets:
        usable = [(w, item) for w, least, item in table if least <= budget]
        out[budget] = [item for _, item in usable], list(accumulate(w for w, _ in usable))
    return out


# (weight, fewest English tokens added, expansion)
_EXPANSIONS = _by_budget(
    [
        (2.0, 1, Grower.add_pre_adjective),
        (3.0, 1, Grower.add_post_adjective),
        (1.5, 1, Grower.name_to_noun),
        (1.0, 1, Grower.add_negation),
        (3.0, 2, Grower.add_pp),
        (3.0, 2, Grower.add_relative),
        (2.0, 3, Grower.add_location),
        (2.0, 3, Grower.add_clause),
        (1.2, 2, Grower.add_coordination),
        (0.5, 2, Grower.add_predicate_adjective),
        (1.2, 4, Grower.add_that_clause),
    ],
    range(1, 5),
)
# (weight, fewest English tokens, VP kind), for non-human and human subjects
_VP_KINDS_TABLE = [(3.0, 1, "intr"), (5.0, 3, "tr"), (2.0, 2, "cop"), (1.5, 3, "prep"), (1.0, 6, "ditr")]
_VP_KINDS = {
    (human, budget): entry
    for human in (False, True)
    for budget, entry in _by_budget(_VP_KINDS_TABLE + [(1.0, 4, "that")] * human, range(1, 7)).items()
}


# ---------------------------------------------------------------------------------------------------------
# Rendering both languages from one derivation.


@dataclass(slots=True)
class NPRecord:
    """What a rendered noun phrase looked like, for agreement tests."""

    gender: str
    plural: bool
    det: str
    adjectives: list[tuple[Adjective, str]]  # (entry, French form used)
    noun: str


@dataclass(slots=True)
class Pair:
    en: list[str]
    fr: list[str]
    alignment: list[tuple[int, int]]
    nps: list[NPRecord]
    predicates: list[tuple[str, bool, Adjective, str]]  # subject gender, plural, adjective, French form
    source: str = ""
    target: str = ""

    def __post_init__(self) -> None:
        self.source, self.target = word_detok(self.en), word_detok(self.fr)


_CONTRACTIONS = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}
_ELIDING = {"de": "d'", "que": "qu'", "ne": "n'"}


class Renderer:
    """Renders a derivation into both languages at once; every word carries the ids of the atoms it
    came from, and the alignment links English and French words sharing an id."""

    def __init__(self) -> None:
        self.en: list[tuple[str, int]] = []
        self.fr: list[list] = []  # [word, ids, kind]; kind: "prep" (de, à), "det" (le, les), "indef" (des, de)
        self.nps: list[NPRecord] = []
        self.predicates: list[tuple[str, bool, Adjective, str]] = []
        self.next_id = 0

    def atom(self, en: tuple[str, ...] | list[str], fr: tuple[str, ...] | list[str], kind: str = "") -> None:
        i = self.next_id
        self.next_id += 1
        self.en.extend((w, i) for w in en)
        self.fr.extend([w, {i}, kind or ("prep" if w in ("de", "à") else "")] for w in fr)

    def np(self, np: NP, negated: bool = False) -> None:
        if np.name:
            self.atom([np.name.text], [np.name.text])
        else:
            self._common(np, negated)
        if np.pp:
            self.pp(np.pp)
        if np.rel:
            self.rel(np.rel, np)
        if np.conj:
            self.atom(["and"], ["et"])
            self.np(np.conj, negated)

    def _common(self, np: NP, negated: bool) -> None:
        noun, plural, gender = np.noun, np.plural, np.noun.gender
        en_det_sg_pl, fr_forms, _, _ = _DETERMINERS[np.det]
        noun_fr = noun.fr[plural]
        pre_fr = ""
        if np.pre:
            pre_fr = np.pre.form(gender, plural)
            if np.pre.before_vowel and gender == "m" and not plural and starts_with_vowel_sound(noun_fr):
                pre_fr = np.pre.before_vowel
        # English: "a" → "an" before a vowel; "some" → "any" under negation.
        en_det = en_det_sg_pl[plural]
        en_next = (np.pre or np.post).en if (np.pre or np.post) else noun.en[plural]
        if en_det == "a" and en_next[0] in "aeiouAEIOU":
            en_det = "an"
        if negated and np.det == "some":
            en_det = "any"
        # French determiner, which depends on the word after it.
        vowel = starts_with_vowel_sound(pre_fr or noun_fr)
        kind = "indef" if np.det in ("a", "some") else ("det" if np.det == "the" else "")
        if negated and np.det in ("a", "some"):
            fr_det = "de"  # "ne mange pas de pomme"
        elif np.det == "some" and np.pre:
            fr_det = "de"  # "de grands chats"
        elif plural:
            fr_det = fr_forms[2]
        elif np.det == "the" and vowel:
            fr_det = "l'"
        elif np.det == "this" and gender == "m" and vowel:
            fr_det = "cet"
        elif np.det in ("my", "his", "her") and vowel:
            fr_det = fr_forms[0]  # "mon école"
        else:
            fr_det = fr_forms[gender == "f"]
        self.atom([en_det], [fr_det], kind)
        ids = {}
        for slot in ("pre", "post", "noun"):
            ids[slot] = self.next_id
            self.next_id += 1
        if np.pre:
            self.en.append((np.pre.en, ids["pre"]))
        if np.post:
            self.en.append((np.post.en, ids["post"]))
        self.en.append((noun.en[plural], ids["noun"]))
        if np.pre:
            self.fr.append([pre_fr, {ids["pre"]}, ""])
        self.fr.append([noun_fr, {ids["noun"]}, ""])
        post_fr = np.post.form(gender, plural) if np.post else ""
        if np.post:
            self.fr.append([post_fr, {ids["post"]}, ""])
        adjectives = [(a, f) for a, f in ((np.pre, pre_fr), (np.post, post_fr)) if a]
        self.nps.append(NPRecord(gender, plural, fr_det, adjectives, noun_fr))

    def pp(self, pp: PP) -> None:
        for en, fr in pp.prep.atoms:
            self.atom(en, fr)
        self.np(pp.np)

    def rel(self, rel: Rel, head: NP) -> None:
        if rel.kind == "subj":
            self.atom([rel.word], ["qui"])
            self.vp(rel.vp, head.gender(), head.plural)
        else:
            self.atom([rel.word], ["que" if rel.kind == "obj" else "où"])
            self.clause(rel.clause)

    def clause(self, clause: Clause) -> None:
        self.np(clause.subj)
        items = clause.subj.items()
        plural = len(items) > 1 or clause.subj.plural
        gender = "f" if all(item.gender() == "f" for item in items) else "m"
        self.vp(clause.vp, gender, plural)

    def vp(self, vp: VP, gender: str, plural: bool) -> None:
        verb_id, neg_id = self.next_id, self.next_id + 1
        self.next_id += 2
        if vp.kind == "cop":
            self.en.append(("are" if plural else "is", verb_id))
            if vp.neg:
                self.en.append(("not", neg_id))
                self.fr.append(["ne", {neg_id}, ""])
            self.fr.append(["sont" if plural else "est", {verb_id}, ""])
            if vp.neg:
                self.fr.append(["pas", {neg_id}, ""])
            for i, adj in enumerate(vp.adjs):
                if i:
                    self.atom(["and"], ["et"])
                form = adj.form(gender, plural)
                self.atom([adj.en], [form])
                self.predicates.append((gender, plural, adj, form))
        else:
            verb = vp.verb
            if vp.neg:
                self.en.extend([("do" if plural else "does", verb_id), ("not", neg_id), (verb.en[0], verb_id)])
            else:
                self.en.append((verb.en[0] if plural else verb.en[1], verb_id))
            if vp.kind == "prep":  # "talks to" → "parle à": the particle is the preposition
                particle_id = self.next_id
                self.next_id += 1
                self.en.extend((p, particle_id) for p in verb.particles)
            else:
                self.en.extend((p, verb_id) for p in verb.particles)
            if vp.neg:
                self.fr.append(["ne", {neg_id}, ""])
            self.fr.append([verb.fr[plural], {verb_id}, ""])
            if vp.neg:
                self.fr.append(["pas", {neg_id}, ""])
            if vp.kind == "prep":
                self.fr.append([verb.prep, {particle_id}, "prep" if verb.prep in ("de", "à") else ""])
            if vp.obj and not vp.gap:
                self.np(vp.obj, negated=vp.neg and vp.kind != "prep")
            if vp.obj2:
                self.atom(["to"], ["à"])
                self.np(vp.obj2)
            if vp.comp:
                self.atom(["that"], ["que"])
                self.clause(vp.comp)
        if vp.loc:
            self.pp(vp.loc)

    def sentence(self, parts: list[tuple[tuple, Clause]]) -> Pair:
        for atoms, clause in parts:
            for en, fr in atoms:
                self.atom(en, fr)
            self.clause(clause)
        self.atom(["."], ["."])
        fr = self._contract_and_elide()
        positions: dict[int, list[int]] = {}
        for j, (_, ids, _) in enumerate(fr):
            for i in ids:
                positions.setdefault(i, []).append(j)
        alignment = [(i, j) for i, (_, a) in enumerate(self.en) for j in positions.get(a, ())]
        return Pair([w for w, _ in self.en], [w for w, _, _ in fr], alignment, self.nps, self.predicates)

    def _contract_and_elide(self) -> list[list]:
        """de le → du, à les → aux, de des → de; then de, que, ne → d', qu', n' before a vowel sound.

        Right to left, so the word after the current one is already in its final form."""
        fr = [list(t) for t in self.fr]
        i = len(fr) - 2
        while i >= 0:
            word, ids, kind = fr[i]
            nxt = fr[i + 1]
            if kind == "prep" and (word, nxt[0]) in _CONTRACTIONS and nxt[2] == "det":
                fr[i] = [_CONTRACTIONS[word, nxt[0]], ids | nxt[1], "det"]
                del fr[i + 1]
            elif kind == "prep" and word == "de" and nxt[2] == "indef" and nxt[0] in ("des", "de"):
                fr[i] = ["de", ids | nxt[1], "indef"]  # "près d'arbres", not "près de des arbres"
                del fr[i + 1]
            word = fr[i][0]
            if word in _ELIDING and starts_with_vowel_sound(fr[i + 1][0]):
                fr[i][0] = _ELIDING[word]
            i -= 1
        return fr


# ---------------------------------------------------------------------------------------------------------
# Sampling and splits.

MIN_LEN, TRAIN_MAX_LEN = 3, 40
TEST_BUCKETS = [(3, 10), (11, 20), (21, 30), (31, 40), (41, 50), (51, 60)]  # test lengths beyond 40 on purpose
SIZES = {"train": 60_000, "valid": 1_000, "test": 600}


def derive(rng: random.Random, length: int) -> list[tuple[tuple, Clause]]:
    """A derivation whose English side has exactly `length` tokens (counting the final ".")."""
    if length < MIN_LEN:
        raise ValueError(f"sentences have at least {MIN_LEN} tokens")
    while True:
        parts = Grower(rng).grow(length)
        if parts is not None:
            return parts


def sample(rng: random.Random, length: int) -> Pair:
    return Renderer().sentence(derive(rng, length))


def sentence(seed: int, length: int) -> Pair:
    """The sentence pair of `length` tokens drawn from `seed`: how SPEC.probes and SPEC.examples were made."""
    return sample(random.Random(seed), length)


def _example(pair: Pair) -> Example:
    tokens = tokenizer("word")(pair.source)
    if tokens != pair.en:  # the alignment indexes the derivation's words, so they must be the tokenizer's
        raise AssertionError(f"source does not tokenize back to its derivation: {pair.source!r}")
    meta = {"alignment": [list(p) for p in pair.alignment], "gold": True}
    return Example(pair.source, pair.target, len(tokens), meta)


def _draw(rng: random.Random, length: int, seen: set[str]) -> Example | None:
    """A sentence of `length` tokens whose source is not in `seen` (which it joins), or None if it was."""
    pair = sample(rng, length)
    if pair.source in seen:
        return None
    seen.add(pair.source)
    return _example(pair)


def _fill(rng: random.Random, lengths: list[int], count: int, seen: set[str]) -> list[Example]:
    """`count` new sentences spread evenly over `lengths`. A length that runs out of distinct sentences
    (there are only so many "Marie sleeps.") passes what it could not fill on to the longer ones."""
    out: list[Example] = []
    for k, length in enumerate(lengths):
        quota = (count - len(out)) // (len(lengths) - k)
        made = misses = 0
        while made < quota and misses < 200:
            example = _draw(rng, length, seen)
            if example is None:
                misses += 1
            else:
                out.append(example)
                made, misses = made + 1, 0
    return out


def generate(seed: int = 0, sizes: dict[str, int] | None = None) -> Splits:
    """Train and valid sentences of 3-40 tokens, evenly over lengths; test sentences evenly over the
    TEST_BUCKETS, up to 60 tokens. No source appears twice, within or across splits."""
    sizes = sizes or SIZES
    rng = random.Random(seed)
    seen = set(SPEC.probes) | set(SPEC.examples)  # held out of every split
    per_bucket = sizes["test"] // len(TEST_BUCKETS)
    test = [e for lo, hi in TEST_BUCKETS for e in _fill(rng, list(range(lo, hi + 1)), per_bucket, seen)]
    train_lengths = list(range(MIN_LEN, TRAIN_MAX_LEN + 1))
    valid = _fill(rng, train_lengths, sizes["valid"], seen)
    train = _fill(rng, train_lengths, sizes["train"], seen)
    rng.shuffle(valid)
    rng.shuffle(train)
    return Splits(train=train, valid=valid, test=test)


# (seed, length) of the sentences in SPEC.probes and SPEC.examples: sentence(seed, length) rebuilds them.
PROBE_SEEDS = [(0, 8), (6, 15), (4, 25)]
EXAMPLE_SEEDS = [(100, 5), (101, 7), (105, 10), (100, 12), (104, 18), (101, 30), (102, 45), (104, 60)]

SPEC = TaskSpec(
    name="en-fr",
    title="English → French",
    description=(
        f"Sentences from a small synchronous grammar ({len(LEXICON_NOUNS)} nouns, {len(LEXICON_NAMES)} names, "
        f"{len(LEXICON_ADJECTIVES)} adjectives, {len({v.en for vs in LEXICON_VERBS.values() for v in vs})} verbs), "
        "3 to 60 words long, with gold word alignments. French moves most adjectives after the noun, agrees "
        "determiners, adjectives and verbs in gender and number, and fuses words (du, au, l', qu'): attention "
        "must reorder and merge. Training sentences have at most 40 words; the test set goes on to 60."
    ),
    src_tokenization="word",
    tgt_tokenization="word",
    generate=generate,
    length_edges=[1, 11, 21, 31, 41, 51],
    probes=[
        "the modern blanket belongs to an actress.",
        "a baby does not see Claire next to the waiter and her actresses fall.",
        "Louis is beautiful while Julie pushes the new princess next to Simon when the angry tigers which Julien hates come from her beautiful schools.",
    ],
    examples=[
        "Martin smiles at Sarah.",
        "our tiger hates some gray goats.",
        "a long black photo which is not modern falls.",
        "Martin and Marc know that a photo belongs to the neighbors.",
        "these new fast monkeys leave our Italian boys in front of Olivier far from your green kitchen.",
        "our lazy tiger does not hate any pretty hungry goats which Martin finds with a lawyer on the pretty French phones of three fathers, but this wolf runs.",
        "Emma and a mother with Thomas pull the green flower at a red hospital where Victor sleeps and Simon returns to the pink house because a gray train that arrives at my Italian lake belongs to some neighbors because Marc arrives at her office.",
        "these fast monkeys which do not watch Marie and Emma leave our bad sad boys in front of Olivier and Adam far from your big full kitchen which Victor sees and Julie does not sell any shoes which fall because his dirty kitchens and this bakery are expensive and Antoine arrives at your field with the beautiful curious engineer.",
    ],
    # 17 words: the model without attention already garbles it, the attention models get it right
    default_example=4,
    train_defaults={
        "embed_size": 128,
        "hidden_size": 256,
        "batch_size": 64,
        "epochs": 8,
        "attention_size": 128,  # additive only: keeps its (B, T, S, A) tanh within the 15-minute budget
        # French determiners and adjectives agree with a noun that comes later in the English: a key h_j
        # that has also read the words after j makes that visible (Bahdanau et al. use the same encoder).
        "bidirectional": True,
        "max_source_len": 80,
        "max_output_len": 100,
    },
)
