"""Persian personal names in both scripts, for synthetic candidates.

Common Iranian given and family names, each as (Persian, Latin). Family names also come from
common roots with the usual suffixes (-zadeh, -pour, -nejad, -khani, -vand), as many real ones
do. ``draw_person`` picks a name from a caller-supplied ``random.Random``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = [
    "FAMILY_NAMES",
    "FEMALE_GIVEN_NAMES",
    "MALE_GIVEN_NAMES",
    "PersonName",
    "draw_person",
]

Name = tuple[str, str]  # (Persian, Latin)


def _pairs(text: str) -> tuple[Name, ...]:
    """Names written as ``persian|Latin`` separated by white space."""
    out: list[Name] = []
    for item in text.split():
        fa, en = item.split("|")
        out.append((fa, en))
    return tuple(out)


MALE_GIVEN_NAMES: tuple[Name, ...] = _pairs(
    """
علی|Ali محمد|Mohammad حسین|Hossein حسن|Hasan رضا|Reza مهدی|Mahdi امیر|Amir احمد|Ahmad
محمود|Mahmoud مصطفی|Mostafa مرتضی|Morteza مجتبی|Mojtaba جواد|Javad سعید|Saeed حمید|Hamid
مجید|Majid وحید|Vahid بهروز|Behrouz بهزاد|Behzad فرهاد|Farhad فرشاد|Farshad کامران|Kamran
کوروش|Kourosh داریوش|Dariush بابک|Babak آرش|Arash سیاوش|Siavash پیمان|Peyman پویا|Pouya
پرویز|Parviz ناصر|Naser منصور|Mansour مسعود|Masoud محسن|Mohsen ابراهیم|Ebrahim
اسماعیل|Esmaeil یوسف|Yousef یعقوب|Yaghoub موسی|Mousa عیسی|Isa عباس|Abbas قاسم|Ghasem
کاظم|Kazem هادی|Hadi صادق|Sadegh باقر|Bagher جعفر|Jafar اکبر|Akbar اصغر|Asghar
غلامرضا|Gholamreza غلامحسین|Gholamhossein عبدالله|Abdollah عبدالرضا|Abdolreza حبیب|Habib
نادر|Nader ایرج|Iraj هوشنگ|Houshang بیژن|Bijan جمشید|Jamshid فریدون|Fereydoun رامین|Ramin
شهرام|Shahram شاهین|Shahin کیوان|Keyvan میلاد|Milad امید|Omid نوید|Navid سجاد|Sajjad
سینا|Sina پارسا|Parsa آرمان|Arman آرین|Arian ماهان|Mahan عرفان|Erfan محمدرضا|Mohammadreza
محمدعلی|Mohammadali محمدحسین|Mohammadhossein امیرحسین|Amirhossein امیرعلی|Amirali
ابوالفضل|Abolfazl علیرضا|Alireza حمیدرضا|Hamidreza مهران|Mehran مهرداد|Mehrdad
منوچهر|Manouchehr اسفندیار|Esfandiar رستم|Rostam سهراب|Sohrab بهمن|Bahman بهرام|Bahram
خسرو|Khosrow شاپور|Shapour هومن|Houman کامبیز|Kambiz فرزاد|Farzad فرید|Farid مهیار|Mahyar
یاسر|Yaser عمار|Ammar سلمان|Salman ایمان|Iman احسان|Ehsan رسول|Rasoul روح‌الله|Rouhollah
نعمت‌الله|Nematollah فتح‌الله|Fathollah حجت|Hojjat تقی|Taghi نقی|Naghi رحیم|Rahim کریم|Karim
جلال|Jalal کمال|Kamal جمال|Jamal ساسان|Sasan طاهر|Taher یحیی|Yahya شهاب|Shahab کاوه|Kaveh
بردیا|Bardia دانیال|Danial امین|Amin حامد|Hamed مازیار|Maziar بهنام|Behnam
"""
)

FEMALE_GIVEN_NAMES: tuple[Name, ...] = _pairs(
    """
فاطمه|Fatemeh زهرا|Zahra مریم|Maryam معصومه|Masoumeh زینب|Zeynab سکینه|Sakineh طاهره|Tahereh
اعظم|Azam اشرف|Ashraf منیژه|Manijeh مهین|Mahin پروین|Parvin شهلا|Shahla ژاله|Jaleh
فرشته|Fereshteh فریبا|Fariba فرزانه|Farzaneh فرناز|Farnaz مینا|Mina نازنین|Nazanin نرگس|Narges
نسرین|Nasrin نسترن|Nastaran نیلوفر|Niloufar لیلا|Leila لاله|Laleh سارا|Sara سمیرا|Samira
سمانه|Samaneh سپیده|Sepideh سحر|Sahar ستاره|Setareh سیما|Sima سوسن|Sousan شیرین|Shirin
شیوا|Shiva شقایق|Shaghayegh الهام|Elham الهه|Elaheh آزاده|Azadeh آرزو|Arezou آتنا|Atena
آیدا|Aida یاسمن|Yasaman یگانه|Yeganeh هانیه|Hanieh هدیه|Hedieh هستی|Hasti هما|Homa مهسا|Mahsa
مهناز|Mahnaz مهتاب|Mahtab ملیحه|Maliheh منیره|Monireh منصوره|Mansoureh محبوبه|Mahboubeh
مرضیه|Marzieh راضیه|Raziyeh رقیه|Roghayeh ربابه|Robabeh رویا|Roya رعنا|Rana ریحانه|Reyhaneh
کبری|Kobra صغری|Soghra بتول|Batoul خدیجه|Khadijeh عاطفه|Atefeh عالیه|Aliyeh فرحناز|Farahnaz
گلناز|Golnaz گلاره|Gelareh پریسا|Parisa پریناز|Parinaz پگاه|Pegah ترانه|Taraneh تینا|Tina
دنیا|Donya دریا|Darya زیبا|Ziba ژیلا|Jila سودابه|Soudabeh سهیلا|Soheila طناز|Tannaz
عصمت|Esmat فرخنده|Farkhondeh کتایون|Katayoun کیمیا|Kimia مژگان|Mojgan میترا|Mitra ناهید|Nahid
نگار|Negar هاله|Haleh وجیهه|Vajiheh یلدا|Yalda بهاره|Bahareh بنفشه|Banafsheh پوران|Pouran
توران|Touran شهناز|Shahnaz صدیقه|Sedigheh نجمه|Najmeh حمیده|Hamideh سعیده|Saeedeh وحیده|Vahideh
"""
)

_BASE_FAMILY_NAMES: tuple[Name, ...] = _pairs(
    """
احمدی|Ahmadi محمدی|Mohammadi حسینی|Hosseini رضایی|Rezaei موسوی|Mousavi جعفری|Jafari
کریمی|Karimi هاشمی|Hashemi رحیمی|Rahimi صادقی|Sadeghi قاسمی|Ghasemi کاظمی|Kazemi عباسی|Abbasi
اکبری|Akbari ابراهیمی|Ebrahimi اسماعیلی|Esmaeili یوسفی|Yousefi نوری|Nouri نجفی|Najafi
طاهری|Taheri عسگری|Asgari باقری|Bagheri مرادی|Moradi محمودی|Mahmoudi حیدری|Heydari
سلیمانی|Soleimani کرمانی|Kermani شیرازی|Shirazi تهرانی|Tehrani اصفهانی|Esfahani یزدی|Yazdi
قمی|Ghomi تبریزی|Tabrizi رشتی|Rashti مشهدی|Mashhadi کاشانی|Kashani همدانی|Hamedani
قزوینی|Ghazvini خراسانی|Khorasani گیلانی|Gilani مازندرانی|Mazandarani ساروی|Saravi بابلی|Baboli
آملی|Amoli دماوندی|Damavandi ورامینی|Varamini شمیرانی|Shemirani رازی|Razi طالقانی|Taleghani
امیری|Amiri انصاری|Ansari بهرامی|Bahrami پاکزاد|Pakzad توکلی|Tavakoli ثابتی|Sabeti
جلالی|Jalali جمالی|Jamali چراغی|Cheraghi حاتمی|Hatami حبیبی|Habibi خلیلی|Khalili دهقان|Dehghan
دهقانی|Dehghani ربیعی|Rabiei رحمانی|Rahmani زارعی|Zarei زمانی|Zamani سبحانی|Sobhani
سعیدی|Saeedi سلطانی|Soltani شریفی|Sharifi شکوهی|Shokouhi صالحی|Salehi صفری|Safari
ضیایی|Ziaei طباطبایی|Tabatabaei عابدی|Abedi عزیزی|Azizi علوی|Alavi غفاری|Ghaffari
فاضلی|Fazeli فتحی|Fathi فرهادی|Farhadi قربانی|Ghorbani قنبری|Ghanbari کامرانی|Kamrani
کیانی|Kiani گودرزی|Goudarzi لطفی|Lotfi مختاری|Mokhtari ملکی|Maleki منصوری|Mansouri
میرزایی|Mirzaei نادری|Naderi نصیری|Nasiri نظری|Nazari نیکنام|Niknam وحیدی|Vahidi
یزدانی|Yazdani افشار|Afshar بختیاری|Bakhtiari پهلوان|Pahlavan تقوی|Taghavi جوادی|Javadi
حسنی|Hasani خسروی|Khosravi داوودی|Davoudi رستمی|Rostami زندی|Zandi سهرابی|Sohrabi
شجاعی|Shojaei صدری|Sadri طالبی|Talebi عطایی|Ataei فراهانی|Farahani قاضی|Ghazi کاویانی|Kaviani
مهدوی|Mahdavi وکیلی|Vakili اردلان|Ardalan بیات|Bayat پارسا|Parsa تاجیک|Tajik
جهانگیری|Jahangiri حقیقی|Haghighi خادمی|Khademi درویشی|Darvishi رنجبر|Ranjbar ساعدی|Saedi
شاکری|Shakeri صمدی|Samadi عرب|Arab فلاحی|Fallahi قادری|Ghaderi کشاورز|Keshavarz گلزار|Golzar
مقدم|Moghaddam نیازی|Niazi هژبری|Hozhabri یاوری|Yavari آقایی|Aghaei اسدی|Asadi افشاری|Afshari
ایزدی|Izadi بابایی|Babaei بیگی|Beigi جهانی|Jahani حافظی|Hafezi خانی|Khani رسولی|Rasouli
رفیعی|Rafiei سیفی|Seyfi شهابی|Shahabi عظیمی|Azimi فرجی|Faraji کمالی|Kamali مظاهری|Mazaheri
نوروزی|Nowrouzi کوهی|Kouhi دریایی|Daryaei بهاری|Bahari شفیعی|Shafiei نعمتی|Nemati
"""
)

_ROOTS: tuple[Name, ...] = _pairs(
    """
حسین|Hossein محمد|Mohammad علی|Ali رضا|Reza حسن|Hasan قلی|Gholi جعفر|Jafar کریم|Karim
عباس|Abbas رحیم|Rahim امین|Amin ولی|Vali نبی|Nabi تقی|Taghi اکبر|Akbar قاسم|Ghasem
یوسف|Yousef ابراهیم|Ebrahim مهدی|Mahdi کاظم|Kazem
"""
)
_SUFFIXES: tuple[Name, ...] = (
    ("زاده", "zadeh"),
    ("پور", "pour"),
    ("نژاد", "nejad"),
    ("خانی", "khani"),
    ("وند", "vand"),
)

FAMILY_NAMES: tuple[Name, ...] = _BASE_FAMILY_NAMES + tuple(
    (f"{root_fa}\u200c{suffix_fa}", f"{root_en}{suffix_en}")
    for root_fa, root_en in _ROOTS
    for suffix_fa, suffix_en in _SUFFIXES
)
"""Family names: the common ones, then root + suffix (e.g. حسین‌زاده, Hosseinzadeh)."""


@dataclass(frozen=True)
class PersonName:
    given_fa: str
    family_fa: str
    given_en: str
    family_en: str
    gender: str  # 'f' or 'm'


def draw_person(rng: random.Random, *, female_share: float = 0.5) -> PersonName:
    """A person's name; a woman with probability ``female_share``."""
    female = rng.random() < female_share
    given = rng.choice(FEMALE_GIVEN_NAMES if female else MALE_GIVEN_NAMES)
    family = rng.choice(FAMILY_NAMES)
    return PersonName(given[0], family[0], given[1], family[1], "f" if female else "m")
