"""Tehran province (استان تهران): counties, districts, cities and villages of the sample.

Real names. City populations are rounded figures of the 2016 census (Rey and Tajrish, which lie
inside the Tehran municipality, are given the population of their quarters); the allocation of
villages to rural districts is illustrative, and village populations come from the seed.
"""

from __future__ import annotations

from entekhab.sim.places import CountySpec, DistrictSpec, ProvinceSpec, city, rural

__all__ = ["TEHRAN_PROVINCE"]

_D = DistrictSpec

TEHRAN_PROVINCE = ProvinceSpec(
    23,
    "تهران",
    "Tehran",
    (
        CountySpec(
            "تهران",
            "Tehran",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("تهران", "Tehran", 8_693_706),),
                    (
                        rural(
                            "کن|Kan",
                            "سولقان|Sulqan سنگان|Sangan کشار_علیا|Keshar-e_Olya "
                            "کشار_سفلی|Keshar-e_Sofla امامزاده_داوود|Emamzadeh_Davud "
                            "کیگا|Kiga",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "ری",
            "Rey",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("ری", "Rey", 420_000), city("باقرشهر", "Baqershahr", 65_388)),
                    (
                        rural(
                            "غنی‌آباد|Ghaniabad",
                            "غنی‌آباد|Ghaniabad جعفرآباد|Jafarabad امین‌آباد|Aminabad "
                            "ده‌خیر|Deh_Kheyr کمال‌آباد|Kamalabad شورآباد|Shurabad",
                        ),
                    ),
                ),
                _D(
                    "کهریزک",
                    "Kahrizak",
                    (city("کهریزک", "Kahrizak", 38_000),),
                    (
                        rural(
                            "کهریزک|Kahrizak",
                            "علی‌آباد|Aliabad خاوه|Khaveh ولی‌آباد|Valiabad "
                            "قاسم‌آباد|Ghasemabad حصار_امیر|Hesar-e_Amir",
                        ),
                    ),
                ),
                _D(
                    "فشاپویه",
                    "Fashapuyeh",
                    (city("حسن‌آباد", "Hasanabad", 23_000),),
                    (
                        rural(
                            "کنارگرد|Kenargerd",
                            "کنارگرد|Kenargerd محمودآباد|Mahmudabad ابراهیم‌آباد|Ebrahimabad "
                            "حسین‌آباد|Hoseynabad نظرآباد|Nazarabad",
                        ),
                        rural(
                            "حسن‌آباد|Hasanabad",
                            "رحمان‌آباد|Rahmanabad فرون‌آباد|Farunabad قلعه‌نو|Qaleh_Now "
                            "مهدی‌آباد|Mahdiabad",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "شمیرانات",
            "Shemiranat",
            (
                _D("مرکزی", "Central", (city("تجریش", "Tajrish", 180_000),), ()),
                _D(
                    "لواسانات",
                    "Lavasanat",
                    (city("لواسان", "Lavasan", 16_000),),
                    (
                        rural(
                            "لواسان_بزرگ|Lavasan-e_Bozorg",
                            "افجه|Afjeh گلندوک|Galandovak نجارکلا|Najarkola کند|Kond "
                            "سبوبزرگ|Sabu-ye_Bozorg",
                        ),
                        rural(
                            "لواسان_کوچک|Lavasan-e_Kuchak",
                            "لشگرک|Lashgarak کلوگان|Kalugan برگ‌جهان|Barg-e_Jahan آبنیک|Abnik",
                        ),
                    ),
                ),
                _D(
                    "رودبار قصران",
                    "Rudbar-e Qasran",
                    (city("فشم", "Fasham", 5_000), city("شمشک", "Shemshak", 2_800)),
                    (
                        rural(
                            "رودبار_قصران|Rudbar-e_Qasran",
                            "میگون|Meygun زایگان|Zayegan آهار|Ahar گرمابدر|Garmabdar "
                            "روته|Rowteh لالان|Lalan شهرستانک|Shahrestanak اوشان|Ushan "
                            "دربندسر|Darbandsar",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "اسلامشهر",
            "Eslamshahr",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (
                        city("اسلامشهر", "Eslamshahr", 448_129),
                        city("چهاردانگه", "Chahardangeh", 45_000),
                        city("احمدآباد مستوفی", "Ahmadabad-e Mostowfi", 8_000),
                    ),
                    (
                        rural(
                            "ده_عباس|Deh_Abbas",
                            "ده_عباس|Deh_Abbas چیچکلو|Chichaklu حسن‌آباد_خالصه|Hasanabad-e_Khaleseh "
                            "قلعه‌میر|Qaleh_Mir سلطان‌آباد|Soltanabad",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "شهریار",
            "Shahriar",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (
                        city("شهریار", "Shahriar", 309_607),
                        city("اندیشه", "Andisheh", 116_062),
                        city("صباشهر", "Sabashahr", 59_000),
                        city("وحیدیه", "Vahidieh", 31_000),
                        city("فردوسیه", "Ferdowsieh", 40_000),
                        city("شاهدشهر", "Shahedshahr", 34_000),
                        city("باغستان", "Baghestan", 64_000),
                    ),
                    (
                        rural(
                            "جوقین|Juqin",
                            "جوقین|Juqin رزکان|Razakan کردزار|Kordzar سعیدآباد|Saidabad "
                            "فیروزبهرام|Firuz_Bahram",
                        ),
                        rural(
                            "قائمیه|Qaemiyeh",
                            "قائمیه|Qaemiyeh کهنک|Kahnak ملک‌آباد|Malekabad یوسف‌آباد|Yusefabad "
                            "شاه‌آباد|Shahabad",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "قدس",
            "Qods",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("قدس", "Qods", 317_066),),
                    (rural("دانش|Danesh", "سرخه‌حصار|Sorkheh_Hesar کلمه|Kalmeh قجرآباد|Qajarabad"),),
                ),
            ),
        ),
        CountySpec(
            "ملارد",
            "Malard",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("ملارد", "Malard", 281_027), city("صفادشت", "Safadasht", 30_000)),
                    (
                        rural(
                            "ملارد_شمالی|Malard-e_Shomali",
                            "بیدکنه|Bidkaneh مارلیک|Marlik ده‌صومعه|Deh_Sowmeeh اخترآباد|Akhtarabad",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "رباط‌کریم",
            "Robat Karim",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (
                        city("رباط‌کریم", "Robat Karim", 105_393),
                        city("پرند", "Parand", 97_464),
                        city("نصیرشهر", "Nasirshahr", 25_000),
                    ),
                    (
                        rural(
                            "منجیل‌آباد|Manjilabad",
                            "منجیل‌آباد|Manjilabad پرندک|Parandak آدران|Adran "
                            "اسماعیل‌آباد|Esmailabad سلیمان‌آباد|Soleymanabad",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "بهارستان",
            "Baharestan",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (
                        city("گلستان", "Golestan", 259_480),
                        city("نسیم‌شهر", "Nasimshahr", 200_393),
                        city("صالحیه", "Salehieh", 40_000),
                    ),
                    (),
                ),
            ),
        ),
        CountySpec(
            "ورامین",
            "Varamin",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("ورامین", "Varamin", 225_628), city("جوادآباد", "Javadabad", 9_000)),
                    (
                        rural(
                            "بهنام_وسط_شمالی|Behnam_Vasat-e_Shomali",
                            "خیرآباد|Kheyrabad ده‌سرخ|Deh_Sorkh قلعه‌سین|Qaleh_Sin "
                            "جلال‌آباد|Jalalabad کریم‌آباد|Karimabad",
                        ),
                        rural(
                            "بهنام_عرب_جنوبی|Behnam_Arab-e_Jonubi",
                            "ایج|Ij دهماین|Dehmayan ابراهیم‌آباد|Ebrahimabad "
                            "محمدآباد|Mohammadabad عسگرآباد|Asgarabad باقرآباد|Bagherabad",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "قرچک",
            "Qarchak",
            (_D("مرکزی", "Central", (city("قرچک", "Qarchak", 231_075),), ()),),
        ),
        CountySpec(
            "پیشوا",
            "Pishva",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("پیشوا", "Pishva", 59_000),),
                    (
                        rural(
                            "عسگرآباد|Asgarabad",
                            "جلیل‌آباد|Jalilabad کلین|Kolin ماماندار|Mamandar",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "پاکدشت",
            "Pakdasht",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("پاکدشت", "Pakdasht", 236_319), city("شریف‌آباد", "Sharifabad", 10_000)),
                    (
                        rural(
                            "حصار_امیر|Hesar-e_Amir",
                            "فیلستان|Filestan خاتون‌آباد|Khatunabad کریم‌آباد|Karimabad "
                            "مامازن|Mamazan فرون‌آباد|Farunabad",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "پردیس",
            "Pardis",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("پردیس", "Pardis", 73_363), city("بومهن", "Bumehen", 81_000)),
                    (
                        rural(
                            "سیاهرود|Siahrud",
                            "کرشت|Karasht سیاهرود|Siahrud جاجرود|Jajrud خسروآباد|Khosrowabad",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "دماوند",
            "Damavand",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (
                        city("دماوند", "Damavand", 48_380),
                        city("گیلاوند", "Gilavand", 12_000),
                        city("آبعلی", "Abali", 2_500),
                    ),
                    (
                        rural(
                            "آبرشیوه|Abarshiveh",
                            "مشا|Mosha آه|Ah گیلارد|Gilard مبارک‌آباد|Mobarakabad "
                            "جابان|Jaban هویر|Havir سربندان|Sarbandan",
                        ),
                        rural(
                            "جمع‌آبرود|Jamabrud",
                            "وادان|Vadan حصار|Hesar آئینه‌ورزان|Ayeneh_Varzan هرانده|Harandeh "
                            "یهر|Yahar کمرد|Kamard",
                        ),
                    ),
                ),
                _D(
                    "رودهن",
                    "Rudehen",
                    (
                        city("رودهن", "Rudehen", 29_000),
                        city("آبسرد", "Absard", 14_000),
                        city("کیلان", "Kilan", 3_000),
                    ),
                    (
                        rural(
                            "تاررود|Tarrud",
                            "تاررود|Tarrud صادق‌آباد|Sadeqabad سرخده|Sorkhdeh "
                            "دشت‌مزرعه|Dasht_Mazraeh "
                            "چنار|Chenar",
                        ),
                    ),
                ),
            ),
        ),
        CountySpec(
            "فیروزکوه",
            "Firuzkuh",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("فیروزکوه", "Firuzkuh", 17_453),),
                    (
                        rural(
                            "حبله‌رود|Hableh_Rud",
                            "مزداران|Mazdaran لزور|Lazur گدوک|Gadouk شاهانه‌دشت|Shahanehdasht "
                            "زرین‌دشت|Zarrin_Dasht",
                        ),
                        rural(
                            "شهرآباد|Shahrabad",
                            "مهرآباد|Mehrabad چشمه‌سر|Cheshmeh_Sar امیریه|Amiriyeh "
                            "حصاربن|Hesarbon ولی‌آباد|Valiabad",
                        ),
                    ),
                ),
                _D(
                    "ارجمند",
                    "Arjomand",
                    (city("ارجمند", "Arjomand", 2_000),),
                    (
                        rural(
                            "قزقانچای|Qazqanchay",
                            "قزقانچای|Qazqanchay جلیزجند|Jalizjand کهنه‌ده|Kohneh_Deh "
                            "سیدآباد|Seyyedabad زاوار|Zavar",
                        ),
                        rural(
                            "دوبلوک|Dobluk",
                            "دوبلوک|Dobluk لاسم|Lasem سله‌بن|Salehbon هویرکوه|Havir-e_Kuh",
                        ),
                    ),
                ),
            ),
        ),
    ),
)
