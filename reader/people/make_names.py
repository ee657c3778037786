"""Regenerate ``reader/people/data/*.txt``, the name lists ``find_people`` uses.

A development tool, never imported at run time. It needs three PyPI packages,
installed anywhere, and writes three files of one name per line, sorted, UTF-8:
``given.txt``, ``weak_given.txt`` and ``surnames.txt`` (the committed ones were made with
faker 40.54.0, names 0.3.0 and english-words 2.0.2)::

    pip install --target /tmp/names faker==40.54.0 names==0.3.0 english-words==2.0.2
    PYTHONPATH=/tmp/names .venv/bin/python -m reader.people.make_names

Sources, all usable in an MIT project:

* ``names`` 0.3.0 (MIT, Trey Hunner) ships the US Census Bureau's 1990 name
  frequency files (``dist.male.first``, ``dist.female.first``,
  ``dist.all.last``): US government data, public domain.
* ``faker`` (MIT, joke2k/faker): the given names and surnames of its person
  providers, every locale written in Latin letters; the Russian, Ukrainian and
  Bulgarian given names are transliterated here (two spellings each).
* ``english-words`` (MIT) ships ``web2``, Webster's Second International
  Dictionary (1934, public domain): a given name that is also a lower-case
  dictionary word ("grace", "page", "will") and not a common US given name is
  kept as a *weak* given name, which needs a known surname after it.
* ``_EXTRA_FIRST`` and the exclusions below are written here.
"""

from __future__ import annotations

import importlib
import pickle
import pkgutil
import unicodedata
from importlib import resources
from pathlib import Path

OUT = Path(__file__).with_name("data")

# Given names common in international news that the lists above miss (written here).
_EXTRA_FIRST = """
Abdel Abdul Abdullah Abdulla Abu Ahmad Ahmed Akbar Ali Amr Anwar Arafat Ashraf Ayman
Bashar Bassam Fahd Faisal Farouk Hafez Hamad Hamid Hassan Hosni Hussein Ibrahim Ismail
Jalal Jamal Kamal Khaled Khalid Mahmoud Mahmud Mohamed Mohammad Mohammed Muhammad Mustafa
Nabil Nasser Nawaz Omar Osama Rafik Rafiq Saddam Saeed Said Salah Salim Saud Sultan Tariq
Walid Yasser Yasir Youssef Yusuf Zayed Benazir Nawaz Imran Wasim Waqar Inzamam Saeed Javed
Jansher Jahangir Rahul Sachin Sourav Anil Javagal Venkatesh Mohammad Azharuddin Atal Narasimha
Boris Vladimir Viktor Victor Yuri Yury Yevgeny Evgeny Gennady Gennadi Anatoly Anatoli Alexei
Aleksei Alexey Andrei Andrey Sergei Sergey Dmitry Dmitri Mikhail Nikolai Nikolay Oleg Igor
Pavel Valery Valeri Vyacheslav Vitaly Vitali Grigory Konstantin Leonid Pyotr Ruslan Aslan
Yegor Fyodor Arkady Stanislav Kirill Zurab Eduard Aleksander Aleksandr Alexandr Leonid Lev
Jiang Zemin Deng Xiaoping Hu Jintao Zhu Rongji Junichiro Ryutaro Tomiichi Keizo Yoshiro
Shinzo Kim Jong Lee Teng Hui Chen Shui Muammar Moammar Massoud Masoud Yitzhak Yitzak Shimon
Ehud Binyamin Ezer Moshe Avraham Menachem Natan Yossi Haim Yigal Amnon Uzi Rafael Nursultan
Askar Heydar Ilham Eduard Levon Aslan Dzhokhar Shamil Salman Turki Nayef
Bandar Sabah Jaber Qaboos Hamad Tamim Rashid Mahathir Megawati Abdurrahman Amien Susilo
Ferdinand Corazon Fidel Semyon Marwan
Cate Dannii Jools Dizzee Ozzy Pharrell Busta Snoop Nigella Trinny Joss Lemar Myleene Kele
Siouxsie Shaznay Neelie Saira Midge Yinka Anish Aishwarya Amitabh Hrithik Preity Vin
"""

# Given names of news from Asia, Africa and the Balkans that the sources above lack
# (written here; no dictionary word but "Taro", "Amadou", "Yaya", "Atef"), by region.
_WORLD_FIRST = """
# Japanese:
Akihiko Akihiro Akinori Akio Asako Atsuko Atsushi Ayumi Chiaki Chihiro Daisuke Eiichi
Eiji Fujio Fumio Goro Hajime Haruhiko Haruka Haruki Hayato Hideaki Hideki Hidetoshi
Hideyuki Hiroaki Hirofumi Hiromi Hironori Hirotaka Hiroyuki Hisao Hisashi
Hitomi Hitoshi Ichiro Isao Jiro Junichi Junya Kakuei Kanako Kaori Katsuhiko Katsuya
Kazuhiko Kazuhiro Kazuki Kazuya Kazuyoshi Keiichi Keisuke Kenichi Kenichiro Kentaro
Kiichi Koichi Koichiro Koji Kosuke Kumiko Kunio Mamoru Masaaki Masahiko Masahiro Masaki
Masami Masaru Masashi Masato Masayoshi Masayuki Mayumi Megumi Mieko Mitsuo Mitsuru
Miyuki Morihiro Motoko Naohiro Naoki Naoko Naoto Naoya Noboru Nobuhiro Nobuo Nobuyuki
Norio Osamu Ryoichi Ryoko Ryota Ryuichi Saburo Satoru Satoshi Seiichi Seiji Seiko Shigeo
Shigeru Shingo Shinichi Shinji Shinsuke Shintaro Shinya Shiro Shizuka Shoichi Shuichi
Shunsuke Tadao Tadashi Takaaki Takahiro Takao Takashi Takayuki Takehiko Takeo Takeshi
Takuya Taro Tatsuya Teruo Tetsuo Tetsuya Tomoaki Tomohiro Toru Toshiaki Toshihiko
Toshiki Toshiyuki Tsutomu Tsuyoshi Yasuhiro Yasuo Yasushi Yoichi Yoshiaki Yoshihide
Yoshihiko Yoshihiro Yoshinori Yoshitaka Yoshiyuki Yuichi Yuji Yukari Yukio Yumiko Yusuke
Yukihiko Yutaka Yuzo Zenko
# African (Yoruba, Igbo, Hausa, Akan, Amharic, Swahili, Zulu, Shona, Wolof, Mande):
Abdoulaye Abebe Adebayo Adewale Adjoa Alassane Aliou Amadou Atiku Babajide Babatunde
Bakary Bolaji Boubacar Cheikh Chibuike Chidi Chidinma Chika Chimamanda Chinonso Chinua
Chioma Chipo Dejene Derartu Efua Farai Femi Folake Folasade Funmilayo Gebre Gebremedhin
Girma Goodluck Haile Hifikepunye Ibrahima Ikechukwu Jakaya Jomo Kehinde Kenenisa
Ketumile Kgalema Kipchoge Lindiwe Meles Mengistu Modibo Muhammadu Mwai Nkosazana Nwankwo
Nyasha Obafemi Odion Olufemi Olumide Olusegun Oluwaseun Oluwatobi Ousmane Raila Rutendo
Segun Sekou Seydou Sipho Souleymane Tatenda Tendai Tesfaye Thabo Themba Thierno Tinashe
Tirunesh Tsitsi Uhuru Umaru Wole Yakubu Yaya Yemisi Yoweri Zanele Zodwa Moshood Abdulsalami
# Albanian:
Dritan Fatos Gezim Gramoz Hashim Ilirjan Nexhat Nexhmije Pandeli Pjeter Shkelzen Shpend
Xhevdet Ylli
# Balkan, Caucasian and Central Asian:
Alija Momcilo Ratko Kiro Zhelyu Zelimkhan Saparmurat Emomali
# Portuguese and Spanish:
Luiz Inacio Cuauhtemoc
# Turkish, Persian and Arabic:
Abdelaziz Abdelbasset Abolhassan Alireza Atef Ayad Bachir Beji Boutros Bulent Ebrahim
Ertugrul Ezzat Fuad Gamal Ghassan Gholamreza Hanan Hazem Hoshyar Hossein Houari Iyad
Javad Jibril Liamine Mohsen Moncef Naguib Naji Nihat Nouri Qassem Rached Saeb Tansu
Tareq Tolga Tuncay Wael Ziad Zine
# South Asian:
Ajantha Ajay Aqib Aravinda Arjuna Chamara Chaminda Deve Dilip Dinesh Harbhajan Hashan
Ijaz Inder Jaswant Kapil Lal Lalu Lasith Mahela Mahendra Mamata Manmohan
Manoj Marvan Misbah Mohsin Moin Mulayam Murali Mushtaq Muttiah Naseem Navjot
Nuwan Pervez Pranab Rameez Romesh Sanath Saqlain Shahbaz Shahid Sharad Shatrughan
Shaukat Shoaib Sunil Upul Vinod Virender Yashwant Younis Yousuf Zulfikar Chandrika Ranil
"""

# Words the lists hold as given names that news uses for other things (written here).
_NOT_FIRST = """
Among Author Admiral Baron Bishop Boss Brain Captain Chancellor China General Governor Judge
King Lord Major Marshal Minister President Prince Princess Queen Royal Saint Senator Sir
Dame Lady Pope Tory North South East West London Paris Berlin Boston Sydney Chicago Dallas
Houston Austin Denver Phoenix Orlando Memphis Nashville Vienna Florence Geneva Venice Milan
Madrid Lima Quito Israel India Asia Africa America Europe Canada Georgia Virginia Carolina
Dakota Indiana Kansas Montana Nevada Texas Utah Vermont Wyoming Chelsea Everton Fulham
Arsenal Villa Brighton Burnley Bolton Preston Reading Derby Leeds Hull January February
March April May June July August September October November December Monday Tuesday
Wednesday Thursday Friday Saturday Sunday Christmas Easter Justice Liberty Unity Victory
Trinity Genesis Heaven Catholic Muslim Jewish Labour Liberal Democrat Republican
Conservative Union United Real Mercedes Porsche Ferrari Lotus Jaguar Mustang Bentley
Cadillac Lincoln Ford Dodge Chevy Tesla Apple Amazon Google Nike Adidas Puma Gucci Prada
Chanel Dior Armani Versace Cartier Tiffany Disney Marvel Pixar Sony Honda Toyota Nissan
Mazda Lexus Vodafone Shell Texaco Bank Street Road Park Square Hall House Court Castle
Palace Tower Bridge Church Abbey Chapel College School Trust Fund Group Club Team Party
Council Board Office Ace Add Ah Can Cap Carry Canal Canyon Beat Bent Bitten Blessing Bliss
Champ Cherish Destiny Echo Fairy Gold Golden Harmony Journey Karma Lucky Magic Melody Noble
Ocean Precious Reign Rebel Scout Shadow Silver Sparkle Story Storm Sugar Temperance Thunder
True Velvet Wisdom Zen New Old Great Little Big Hong Kong Sri Lanka Santa San Los Las
Costa Puerto Buenos Tel Abu Kuala Sao Porto Rio Monte
"""

# Given names that are also everyday words: they need a known surname after them.
_WEAK_ANYWAY = """
Will Page Art Hope Faith Chase Grant Grace Joy Tiger Star Sky Rock Stone Forest River Lake
Sea Island Bay Dell Clay Bond Price Cash Sterling Penny Case Chance Eden Haven Angel Bear
Bull Fox Wolf Lion Hawk Eagle Crow Dove Swan Wren Pine Oak Ash Elm Birch Olive Summer Winter
Autumn Spring Sunny Dawn Rich Gay Lily Iris Violet Daisy Poppy Ivy Pearl Crystal Amber
Coral Jade Ebony Ivory Honey Pepper Sage Raven Cliff Brook Buck Bud Misty Dusty German
Cuba Jersey Kent Lincoln Austin Long Young Little Black White Green Brown Gray Grey Major
Marshal Prince
"""

_CYR = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
}


def _translit(name: str) -> set[str]:
    s = name.lower()
    outs = set()
    for iy in ("y", "i"):
        for ks in ("ks", "x"):
            t = s.replace("ий", iy).replace("ый", iy).replace("ей", "ei").replace("кс", ks)
            if t.startswith("е"):
                t = "ye" + t[1:]
            r = "".join(_CYR.get(c, c) for c in t)
            if r.isascii() and r.isalpha():
                outs.add(r.title())
    return outs


def _ascii(s: str) -> str:
    s = s.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("đ", "d").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _latin(s: str) -> bool:
    return s.isalpha() and all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in s)


def _census(fname: str) -> list[str]:
    text = resources.files("names").joinpath(fname).read_text()
    return [line.split()[0].title() for line in text.splitlines() if line.strip()]


def _faker() -> tuple[dict[str, set[str]], set[str]]:
    import faker.providers.person as people

    firsts: dict[str, set[str]] = {}
    lasts: set[str] = set()
    for m in pkgutil.iter_modules(people.__path__):
        prov = importlib.import_module(f"faker.providers.person.{m.name}").Provider
        f: set[str] = set()
        for attr in ("first_names", "first_names_male", "first_names_female"):
            v = getattr(prov, attr, None)
            if v and not isinstance(v, property):
                f.update(v)
        for attr in ("last_names", "last_names_male", "last_names_female"):
            v = getattr(prov, attr, None)
            if v and not isinstance(v, property):
                lasts.update(x for x in v if _latin(x))
        if m.name in ("ru_RU", "uk_UA", "bg_BG"):
            f = {t for x in f for t in _translit(x)}
        firsts[m.name] = {x for x in f if _latin(x) and len(x) > 1}
    return firsts, lasts


def main() -> None:
    with resources.files("english_words").joinpath("data", "web2.pickle").open("rb") as fh:
        web2 = pickle.load(fh)
    dictionary = {w for w in web2 if w.islower()}
    male, female = _census("dist.male.first"), _census("dist.female.first")
    census_last = _census("dist.all.last")
    common = set(male[:1000]) | set(female[:1000])
    firsts, faker_last = _faker()
    extra = set(_EXTRA_FIRST.split()) | {w for w in _WORLD_FIRST.split() if w[0].isupper()}
    every = set(male) | set(female) | extra
    support: dict[str, int] = dict.fromkeys(set(male) | set(female), 1)
    for locale, names in firsts.items():
        every |= names
        if locale != "en":
            for n in names:
                support[n] = support.get(n, 0) + 1
    not_first = set(_NOT_FIRST.split())
    every = {n for n in every if n not in not_first and n[0].isupper() and n[1:].islower()}
    every |= set(_WEAK_ANYWAY.split())
    # Reuters and many sites drop diacritics: "Oguz Cetin" for "Oğuz Çetin".
    every |= {_ascii(n) for n in every}
    # A dictionary word is a weak given name unless the name is common or well attested.
    weak = {
        n for n in every if n.lower() in dictionary and n not in common and support.get(n, 0) < 2
    }
    weak -= extra
    weak |= set(_WEAK_ANYWAY.split())
    strong = every - weak
    surnames = set(census_last[:30000]) | faker_last
    surnames |= {_ascii(n) for n in surnames}
    surnames = {n for n in surnames if n[0].isupper() and n[1:].islower() and len(n) > 1}

    for name, names in (
        ("given.txt", strong),
        ("weak_given.txt", weak),
        ("surnames.txt", surnames),
    ):
        (OUT / name).write_text("".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{OUT}: {len(strong)} given names, {len(weak)} weak, {len(surnames)} surnames")


if __name__ == "__main__":
    main()
