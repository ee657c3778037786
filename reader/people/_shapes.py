"""Names known by their shape, where no list of given names could hold them all.

A Chinese given name is one or two syllables of pinyin ("Qichen", "Jiabao"), so a name
list cannot hold them; nor can it hold a Korean or a Taiwanese given name of two
syllables joined by a hyphen ("Young-hoon", "Teng-hui"). Their surnames, though, are
few: a known East Asian surname first and a given name of that shape after it is a
name, as a known given name before a word is ("Wen Jiabao", "Kang Young-hoon").

A pinyin given name of one syllable is left to the other cues: after a surname it is
as often a place or a firm ("Hong Kong", "Li Ning") as a name. So is a word of two
syllables that is also a place ("Ma Taiwan" is no one's name; ``_PLACES`` says so).

A Japanese given name is written in Hepburn's letters, a mora at a time, and ends as
given names do ("Wataru", "Noriaki"): three morae or more of it before a known surname of
that shape is a name too ("Sumitomo Mitsui", a bank, is not; "Shimbun", a paper, ends
no name: ``not_person_last.txt``).

A Vietnamese name is three words, the surname first and then a middle name, from short
lists each ("Nguyen Van Minh", "Pham Thi Lan", "Tran Duc Luong"): none of the three is
split off, though "Van" and "Thi" are given names elsewhere.

Burmese names have neither given name nor surname, but their words are few and
distinctive: two to four of them, one at least no English word ("Win Htein", "Hla
Than", "Khin Nyunt").
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.people._wordlists import _PLACES, _STOP, _SURNAMES, _words

# Surnames (written here), lower case: the commonest Chinese surnames in pinyin, which
# a given name of two syllables of pinyin may follow ("An", "Lü" and the like left out:
# an English word first too often, or folded to another).
_CHINESE = _words(
    """
    bai bao cai cao chen cheng cui dai deng ding dong du duan fang feng fu gao geng gong
    guan guo han hao he hou hu hua huang huo ji jia jiang jin kang kong lai lei li liang
    liao lin ling liu long lou lu luo ma mao meng miao mu nie niu ou pan pang pei peng qi
    qian qiao qin qiu qu ren rong ruan shao shen sheng shi song su sun tan tang tao teng
    tian tong wan wang wei wen weng wu xi xia xiang xiao xie xin xiong xu xue yan yang yao
    ye yin ying yu yuan yue zeng zhai zhan zhang zhao zheng zhong zhou zhu zhuang zou
    """
)

# Surnames a hyphened given name may follow (written here), lower case: the Chinese
# above, their Wade-Giles and Cantonese spellings (Hong Kong, Taiwan, Singapore) and the
# commonest Korean surnames.
_HYPHENED_AFTER = _CHINESE | _words(
    """
    au chan chang cheung chiang chou chow chu chung fok hsieh hsu hung kwan kwok lam lau
    lee leung lien lo mak ng soong szeto tsai tsang tse tsui tung wong yeung yip
    ahn bae baek ban byun cha cho choi chun hwang jang jeon jeong jo ju jung kim ko kwon
    lim min moon na noh oh park roh ryu seo shin sohn son yoo yoon
    """
)

# Every syllable of pinyin, without tones (written here).
_PINYIN = _words(
    """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai
    can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu
    chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang
    dao de dei den deng di dian diao die ding diu dong dou du duan dui dun duo e ei en eng
    er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu
    gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua
    huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue
    jun ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai
    lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun
    luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu
    na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu
    nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou
    pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren
    reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen seng sha shai shan
    shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si
    song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong
    tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie
    xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan
    yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng
    zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun
    zuo
    """
)

# A Korean or Wade-Giles given name of two syllables joined by a hyphen: "Young-hoon",
# "Dae-jung", "Teng-hui", "Chee-hwa" (two to six letters each side, the second in
# lower case).
_HYPHENED = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{2,6}")
# The same given name written first, in Western order, its second part capitalised or not:
# "Hyung-Taik Lee", "Chien-Ming Wang", "Ji-sung Park".
_HYPHENED_FIRST = re.compile(r"[A-Z][a-z]{1,5}-(?![AEIOUaeiou])[A-Za-z][a-z]{1,5}")

# The words of Burmese names (written here), lower case, and those of them that are no
# English word: a name of these words needs one of those.
_BURMESE = _words(
    """
    aung aye chit hla htay htein htet htin htoo htun khin kyaw kyi kyu maung min mya myat
    myint myo naing nu nyan nyein nyi nyo nyunt oo phyo sai san sein shwe soe suu than
    thant thaung thein thet thin thura tin tun win yin zaw zin
    """
)
_BURMESE_ONLY = _words(
    """
    aung aye hla htay htein htet htin htoo htun khin kyaw kyi kyu maung mya myat myint
    myo naing nyan nyein nyi nyo nyunt phyo shwe soe suu thant thaung thein thura zaw
    """
)


# Vietnamese surnames and middle names (written here), lower case, without diacritics.
_VIETNAMESE = _words(
    """
    bui dang dinh do duong ho hoang huynh lam le ly mai ngo nguyen pham phan tran trinh
    truong vo vu
    """
)
_VIETNAMESE_MIDDLE = _words(
    "anh cong dinh duc hong huu kim manh minh ngoc quang quoc tan thanh thi trong tuan van xuan"
)


def vietnamese(folded: tuple[str, ...] | list[str]) -> bool:
    """Whether three folded words are a Vietnamese name: a surname, a middle name, a word
    ("Nguyen Van Minh")."""
    return len(folded) == 3 and folded[0] in _VIETNAMESE and folded[1] in _VIETNAMESE_MIDDLE


# Syllables that make English words of pinyin's shape ("Lane", "Anne", "Tina", "Bingo")
# and that given names hardly use: left out when a given name is read.
_NOT_IN_NAMES = _words("a e o na ne me le de te re se ce")
_GIVEN_SYLLABLES = _PINYIN - _NOT_IN_NAMES


@lru_cache(maxsize=4096)
def _syllables(word: str) -> int:
    """How few syllables of pinyin ``word`` (lower case) is made of, as a given name
    uses them; 0 if it is not made of them."""
    best = [0] + [99] * len(word)
    for end in range(1, len(word) + 1):
        for size in range(1, min(6, end) + 1):
            if best[end - size] < 99 and word[end - size : end] in _GIVEN_SYLLABLES:
                best[end] = min(best[end], best[end - size] + 1)
    return best[-1] if best[-1] < 99 else 0


# A word of Japanese written in Hepburn's letters, a mora at a time ("Wataru",
# "Hashimoto", "Shinzo"; a doubled consonant is a mora of its own: "Hokkaido").
# ``_JAPANESE_MORA`` counts them.
_MORA = (
    r"(?:[kgnhbpmr]y[auo]|sh[aiuo]|ch[aiuo]|tsu|j[aiuo]|fu|[yw][ao]|yu"
    r"|[kgbpmnr][aiueo]|s[aueo]|z[aueo]|t[aeo]|d[aeo]|h[aieo]"
    r"|[aiueo]|n(?![aiueoy])|([kstp])(?=\1))"
)
_JAPANESE = re.compile(rf"{_MORA}+")
_JAPANESE_MORA = re.compile(_MORA)
# How Japanese given names end ("Wataru", "Koichi", "Hideki", "Kazuo", "Yoko").
_GIVEN_ENDINGS = ("o", "ro", "shi", "ki", "ko", "ya", "ji", "ta", "to", "mi", "ka", "ru", "hi")


# Firms and papers named by Japanese words, first ("Sumitomo Mitsui", "Asahi Shimbun"),
# lower case (written here).
_JAPANESE_FIRMS = _words(
    """
    asahi daiwa fujitsu hitachi itochu kawasaki kirin marubeni matsushita mitsubishi mitsui
    nikko nintendo nomura sanyo sumitomo toshiba toyota yamaha yamaichi yomiuri mainichi
    nihon nippon shiseido
    """
)


def _japanese(given: str, surname: str) -> bool:
    """Whether a given name of three morae or more with a given name's ending and a known
    surname of two or more are both Japanese in Hepburn's letters ("Wataru Kubo")."""
    return (
        _JAPANESE.fullmatch(given) is not None
        and _JAPANESE.fullmatch(surname) is not None
        and given.endswith(_GIVEN_ENDINGS)
        and len(_JAPANESE_MORA.findall(given)) >= 3
        and len(_JAPANESE_MORA.findall(surname)) >= 2
    )


def _burmese(folded: list[str] | tuple[str, ...]) -> bool:
    """Whether the words (lower case) are all Burmese name words, one at least no English
    word ("Win Htein", not "Tin Win")."""
    return all(f in _BURMESE for f in folded) and any(f in _BURMESE_ONLY for f in folded)


def burmese_goes_on(seg_words: list[str], word: str) -> bool:
    """Whether ``word``, a stop word that is a Burmese name word too ("Than"), goes on a
    name of Burmese words with one no English word has ("Hla Than", not "Smith Than")."""
    return word.lower() in _BURMESE and _burmese([w.lower() for w in seg_words])


def hyphened_given(given: str, surname: str) -> bool:
    """Whether ``given`` (as written) is an East Asian given name joined by a hyphen and
    ``surname`` (folded) an East Asian surname, in Western order ("Hyung-Taik Lee"; not
    "Co-op Lee")."""
    return surname in _HYPHENED_AFTER and _HYPHENED_FIRST.fullmatch(given) is not None


def shaped_name(words: tuple[str, ...], folded: tuple[str, ...]) -> bool:
    """Whether ``words`` (as written, and folded) are a name by their shape alone: an
    East Asian surname and a given name of two syllables ("Qian Qichen", "Roh Moo-hyun"),
    or a hyphened given name before the surname ("Hyung-Taik Lee"); a Japanese given name
    and a known surname ("Wataru Kubo"); two to four Burmese name words ("Win Htein",
    "Aung San Suu Kyi"); a Vietnamese name ("Nguyen Van Minh")."""
    if len(words) != 2:
        return 2 < len(words) <= 4 and (_burmese(folded) or vietnamese(folded))
    first, last = folded
    if first in _HYPHENED_AFTER:  # the surname first: "Qian Qichen", "Roh Moo-hyun"
        given = words[1]
        if _HYPHENED.fullmatch(given) or (
            first in _CHINESE
            and given[1:].islower()
            and last not in _PLACES
            and last not in _STOP
            and len(last) >= 4
            and _syllables(last) == 2
        ):
            return True
    return (
        hyphened_given(words[0], last)  # "Hyung-Taik Lee"
        or (
            words[1] in _SURNAMES  # "Wataru Kubo"
            and first not in _PLACES
            and last not in _PLACES
            and first not in _JAPANESE_FIRMS
            and _japanese(first, last)
        )
        or _burmese(folded)  # "Win Htein"
    )
