"""Mazandaran province (استان مازندران), Sari county: the second sample election.

Real names. Sari's population is the rounded 2016 census figure; the other towns are small;
the allocation of villages to rural districts is illustrative, and village populations come
from the seed.
"""

from __future__ import annotations

from entekhab.sim.places import CountySpec, DistrictSpec, ProvinceSpec, city, rural

__all__ = ["MAZANDARAN_PROVINCE"]

_D = DistrictSpec

MAZANDARAN_PROVINCE = ProvinceSpec(
    2,
    "مازندران",
    "Mazandaran",
    (
        CountySpec(
            "ساری",
            "Sari",
            (
                _D(
                    "مرکزی",
                    "Central",
                    (city("ساری", "Sari", 309_820),),
                    (
                        rural(
                            "اسفیورد_شوراب|Esfivard-e_Shurab",
                            "دارابکلا|Darabkola اسبوکلا|Esbukola کردخیل|Kordkheyl "
                            "سنگتراشان|Sangtarashan قلعه‌سر|Qaleh_Sar ولاشد|Valashed",
                        ),
                        rural(
                            "مذکوره|Mazkureh",
                            "سمسکنده|Semeskandeh کیاده|Kiadeh اسلام‌آباد|Eslamabad "
                            "نوکنده|Nowkandeh آزادگله|Azadgoleh",
                        ),
                        rural(
                            "رودپی_جنوبی|Rudpey-ye_Jonubi",
                            "علی‌آباد|Aliabad خزرآباد|Khazarabad اروسکلا|Aruskola "
                            "گلوگاه|Galugah-e_Rudpey تیرتاش|Tirtash",
                        ),
                    ),
                ),
                _D(
                    "رودپی",
                    "Rudpey",
                    (city("فرح‌آباد", "Farahabad", 3_200),),
                    (
                        rural(
                            "رودپی_شمالی|Rudpey-ye_Shomali",
                            "فرح‌آباد|Farahabad-e_Sofla زاغ‌مرز|Zaghmarz تلارسر|Talarsar "
                            "پنبه‌چوله|Panbehchuleh سوته|Suteh",
                        ),
                    ),
                ),
                _D(
                    "چهاردانگه",
                    "Chahardangeh",
                    (city("کیاسر", "Kiasar", 2_100),),
                    (
                        rural(
                            "چهاردانگه|Chahardangeh",
                            "سورک|Surak اوریم|Owrim پاجی|Paji کوهسار|Kuhsar تلم|Talam "
                            "سنگده|Sangdeh",
                        ),
                        rural(
                            "پشتکوه|Poshtkuh",
                            "چاشم|Chashm هیکو|Hiku اسپیوردی|Espiverdi لاجیم|Lajim",
                        ),
                    ),
                ),
                _D(
                    "دودانگه",
                    "Dodangeh",
                    (city("فریم", "Farim", 1_600),),
                    (
                        rural(
                            "فریم|Farim",
                            "ولوجا|Veluja سله‌بن|Salehbon پهنه‌کلا|Pahneh_Kola "
                            "برزنگ|Barzang رسکت|Resket",
                        ),
                        rural(
                            "بنافت|Banaft",
                            "بنافت|Banaft لاله‌وند|Lalehvand تاکام|Takam قادی‌کلا|Qadikola",
                        ),
                    ),
                ),
                _D(
                    "کلیجان رستاق",
                    "Kolijan Rostaq",
                    (city("پایین هولار", "Pain Hular", 2_400),),
                    (
                        rural(
                            "کلیجان_رستاق_علیا|Kolijan_Rostaq-e_Olya",
                            "هولار|Hular ماکران|Makran آلاشت|Alasht-e_Sari کوهستان|Kuhestan "
                            "سرچشمه|Sarcheshmeh",
                        ),
                        rural(
                            "تنگه_سلیمان|Tangeh_Soleyman",
                            "تنگه|Tangeh سلیمان‌آباد|Soleymanabad بالاخیل|Balakheyl "
                            "پایین‌خیل|Painkheyl",
                        ),
                    ),
                ),
            ),
        ),
    ),
)
