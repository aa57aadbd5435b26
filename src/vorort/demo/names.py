"""Name lists for synthetic demo persons, by origin (pure data, no Django).

The origins are the main countries of origin of asylum seekers in Germany (BAMF, "Aktuelle
Zahlen" 2023–2025) plus Ukrainians under § 24 AufenthG. The names are common given and family
names of each language, spelled as they usually appear in German documents (Latin script,
the passport's transliteration; Turkish and Kurdish letters kept: Şahin, Özdemir, Şîrîn).
Nothing here is about a real person: the generator combines names at random.

Each :class:`Origin` names its nationality (ISO 3166-1 alpha-2, as ``django-countries``
stores it), the Destatis code of that nationality (used in BAMF file references), its first
languages with weights (ISO 639 codes of ``people.choices.Language``) and its name lists.
"""

from __future__ import annotations

from dataclasses import dataclass

# fmt: off
# --- Arabic (Syria) -----------------------------------------------------------------------
SYRIAN_MALE = (
    "Mohammed", "Ahmad", "Mahmoud", "Omar", "Khaled", "Mustafa", "Hussein", "Ali", "Abdullah",
    "Yousef", "Ibrahim", "Hassan", "Samer", "Bilal", "Rami", "Fadi", "Tarek", "Walid", "Anas",
    "Hamza", "Majd", "Amjad", "Ghassan", "Jamal", "Karim", "Louay", "Maher", "Nizar", "Osama",
    "Qusai", "Sami", "Wassim", "Ziad", "Adnan", "Firas", "Mouaz", "Obada", "Alaa",
)
SYRIAN_FEMALE = (
    "Fatima", "Aisha", "Maryam", "Nour", "Rasha", "Hala", "Amal", "Lina", "Rana", "Huda",
    "Yasmin", "Zainab", "Samira", "Salma", "Dima", "Reem", "Rania", "Ghada", "Hiba", "Bushra",
    "Widad", "Asmaa", "Sara", "Layla", "Nisreen", "Manal", "Suha", "Joud", "Lama", "Shaza",
    "Tasnim", "Maysa", "Rahaf", "Batoul", "Sidra",
)
SYRIAN_FAMILY = (
    "Al-Ahmad", "Haddad", "Al-Hassan", "Khalil", "Othman", "Al-Khatib", "Hamoud", "Al-Ali",
    "Darwish", "Kanaan", "Mansour", "Nasser", "Sabbagh", "Shami", "Halabi", "Zein", "Al-Masri",
    "Qassem", "Saleh", "Al-Hamwi", "Jaber", "Hallak", "Bakour", "Sulaiman", "Al-Sayed",
    "Kassab", "Haj Ibrahim", "Al-Omar", "Issa", "Youssef", "Barakat", "Tarabishi", "Attar",
    "Fares", "Abboud", "Hijazi", "Al-Hussein", "Dakkak",
)

# --- Kurdish (Kurmanji and Sorani given names; family names by country) --------------------
KURDISH_MALE = (
    "Azad", "Baran", "Rojhat", "Dilovan", "Şivan", "Berzan", "Serhat", "Rêber", "Welat",
    "Agit", "Zinar", "Hozan", "Ciwan", "Dara", "Kawa", "Rizgar", "Hêmin", "Soran", "Aram",
    "Karwan", "Rebin", "Nawzad", "Shirwan", "Hogir", "Heval", "Ferhat", "Xalid", "Bawar",
    "Dilşad", "Sherzad", "Hiwa", "Aso", "Goran", "Zana", "Alan", "Diyar",
)
KURDISH_FEMALE = (
    "Rojda", "Berfin", "Dilan", "Şîrîn", "Nesrîn", "Zozan", "Hêvî", "Rûken", "Newroz", "Jiyan",
    "Zelal", "Evîn", "Gulistan", "Leyla", "Nûda", "Avesta", "Hejar", "Roza", "Bêrîvan", "Helin",
    "Sozdar", "Zîlan", "Xezal", "Dilşa", "Narîn", "Rojîn", "Viyan", "Nazdar", "Bahar", "Shilan",
    "Kazhal", "Rozhan", "Tara", "Sazan", "Lana", "Avan",
)
SYRIAN_KURDISH_FAMILY = (
    "Sheikho", "Haji", "Mamo", "Hemo", "Xelîl", "Ahmo", "Bozan", "Temo", "Sido", "Hesso",
    "Isso", "Murad", "Rashid", "Kalo", "Şêxo", "Hussein", "Osman", "Mustafa", "Ibrahim",
    "Khalil", "Bakr", "Omar", "Ali", "Hamo", "Ibo", "Zaza", "Kurdi", "Alo", "Derwîş", "Biro",
    "Nasro", "Cemo",
)
IRAQI_KURDISH_FAMILY = (
    "Ahmed", "Abdullah", "Rashid", "Karim", "Qadir", "Aziz", "Omer", "Salih", "Hama",
    "Faraj", "Jalal", "Rauf", "Mahmood", "Hassan", "Osman", "Sabir", "Hussein", "Mustafa",
    "Ali", "Khoshnaw", "Hawrami", "Jaff", "Baban", "Zangana", "Barzinji", "Talabani",
    "Sharif", "Kakayi", "Hamad", "Majid", "Khudeda", "Murad", "Khalaf", "Rasho",
)

# --- Afghanistan (Dari and Pashto) ---------------------------------------------------------
AFGHAN_MALE = (
    "Ahmad", "Mohammad", "Ali", "Hamid", "Farid", "Jawad", "Mustafa", "Rahim", "Karim", "Nasir",
    "Omid", "Sayed", "Habib", "Hussain", "Javid", "Mahmood", "Naweed", "Sharif", "Wahid",
    "Yama", "Zabiullah", "Najibullah", "Bashir", "Hedayatullah", "Khalid", "Mirwais", "Ramin",
    "Sohail", "Elyas", "Masoud", "Shafiq", "Ajmal", "Fawad", "Samiullah", "Qadir",
)
AFGHAN_FEMALE = (
    "Fatima", "Zahra", "Maryam", "Masuma", "Nargis", "Parwana", "Shabnam", "Sima", "Soraya",
    "Zainab", "Habiba", "Hamida", "Khadija", "Laila", "Malalai", "Mursal", "Nasrin",
    "Palwasha", "Roya", "Sadaf", "Shukria", "Tahmina", "Wahida", "Zarghona", "Freshta",
    "Hosai", "Mahbooba", "Nilofar", "Farzana", "Frozan", "Marwa", "Samira", "Madina",
)
AFGHAN_FAMILY = (
    "Ahmadi", "Rahimi", "Hashimi", "Mohammadi", "Sultani", "Rezaei", "Noori", "Hosseini",
    "Karimi", "Safi", "Popal", "Wardak", "Stanikzai", "Amiri", "Haidari", "Jafari", "Azizi",
    "Sadat", "Nazari", "Sharifi", "Faizi", "Rasuli", "Niazi", "Qaderi", "Yousufzai", "Barakzai",
    "Durrani", "Mohmand", "Zazai", "Hotak", "Ahmadzai", "Atayee", "Habibi", "Rahmani", "Samadi",
)

# --- Turkey (Turkish; Kurds from Turkey carry Turkish family names) ------------------------
TURKISH_MALE = (
    "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman",
    "Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah", "Mahmut", "Emre",
    "Burak", "Serkan", "Cem", "Furkan", "Emirhan", "Yasin", "Kemal", "Enes", "Oğuz", "Barış",
    "Tolga", "Umut", "Volkan", "Erdem", "Uğur", "Gökhan",
)
TURKISH_FEMALE = (
    "Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra", "Sultan",
    "Hanife", "Merve", "Büşra", "Esra", "Özlem", "Yasemin", "Kübra", "Tuğba", "Gül", "Derya",
    "Sevgi", "Dilek", "Hülya", "Ebru", "Şule", "Nurcan", "Selin", "Ecem", "İrem", "Gizem",
    "Çiğdem", "Gökçe", "Songül",
)
TURKISH_FAMILY = (
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
    "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
    "Şimşek", "Polat", "Özcan", "Korkmaz", "Çakır", "Erdoğan", "Yavuz", "Acar", "Şen", "Aktaş",
    "Güler", "Bulut", "Keskin", "Ünal", "Tekin", "Ateş", "Zengin",
)

# --- Iraq (Arabic) -------------------------------------------------------------------------
IRAQI_MALE = (
    "Mustafa", "Haidar", "Ali", "Hussein", "Abbas", "Ammar", "Karrar", "Muntadhar", "Sajjad",
    "Zaid", "Ahmed", "Mohammed", "Hassan", "Murtadha", "Yasir", "Qasim", "Salam", "Falah",
    "Jasim", "Kadhim", "Raad", "Saif", "Dhiaa", "Ayad", "Laith", "Firas", "Mahdi", "Akram",
    "Hamid", "Basim", "Nabil", "Omar",
)
IRAQI_FEMALE = (
    "Zahraa", "Fatima", "Maryam", "Noor", "Ruqaya", "Zainab", "Hawraa", "Baneen", "Duaa",
    "Israa", "Shahad", "Sarah", "Huda", "Sundus", "Rusul", "Hanan", "Aseel", "Ban", "Iman",
    "Intisar", "Khadija", "Nadia", "Suad", "Wafaa", "Layla", "Mays", "Rafal", "Amna", "Hadeel",
    "Marwa", "Tabarak",
)
IRAQI_FAMILY = (
    "Al-Jubouri", "Al-Obaidi", "Al-Saadi", "Al-Tamimi", "Al-Dulaimi", "Al-Rubaie",
    "Al-Shammari", "Al-Zubaidi", "Al-Maliki", "Al-Khafaji", "Al-Hashimi", "Al-Bayati",
    "Al-Musawi", "Al-Husseini", "Al-Azzawi", "Al-Janabi", "Al-Ameri", "Kadhim", "Jabbar",
    "Abdulrahman", "Al-Kubaisi", "Al-Hakim", "Al-Ani", "Hamadi", "Al-Rawi", "Al-Samarrai",
    "Al-Tai", "Al-Karkhi", "Al-Badri", "Mahmoud", "Yassin",
)

# --- Iran (Persian) ------------------------------------------------------------------------
IRANIAN_MALE = (
    "Ali", "Reza", "Mohammad", "Hossein", "Mehdi", "Amir", "Saeed", "Hamid", "Mohsen", "Majid",
    "Arash", "Babak", "Behnam", "Dariush", "Farhad", "Kaveh", "Kourosh", "Navid", "Omid",
    "Payam", "Pouya", "Ramin", "Sina", "Siavash", "Shahram", "Vahid", "Milad", "Morteza",
    "Parsa", "Arman", "Nima", "Hooman",
)
IRANIAN_FEMALE = (
    "Maryam", "Fatemeh", "Zahra", "Sara", "Narges", "Leila", "Mahsa", "Neda", "Parisa",
    "Shirin", "Roya", "Azadeh", "Elham", "Farnaz", "Golnar", "Hoda", "Mahnaz", "Mina", "Nasrin",
    "Negar", "Niloufar", "Pegah", "Samaneh", "Shiva", "Tahereh", "Yasaman", "Ziba", "Atefeh",
    "Bahareh", "Donya", "Setareh", "Taraneh",
)
IRANIAN_FAMILY = (
    "Hosseini", "Mohammadi", "Ahmadi", "Rezaei", "Moradi", "Karimi", "Jafari", "Sadeghi",
    "Rahimi", "Hashemi", "Mousavi", "Ghorbani", "Kazemi", "Sharifi", "Rostami", "Hajizadeh",
    "Asadi", "Tavakoli", "Abbasi", "Nazari", "Ebrahimi", "Bagheri", "Zamani", "Najafi",
    "Shirazi", "Tehrani", "Farahani", "Esfahani", "Golzari", "Ranjbar", "Mirzaei", "Soleimani",
    "Akbari", "Khosravi",
)

# --- Eritrea (Tigrinya; the family name is the father's given name) -----------------------
ERITREAN_MALE = (
    "Yonas", "Tesfay", "Mehari", "Dawit", "Yohannes", "Samuel", "Filmon", "Biniam", "Kidane",
    "Mussie", "Tekle", "Habte", "Ghirmay", "Semere", "Aron", "Robel", "Merhawi", "Natnael",
    "Michael", "Efrem", "Henok", "Kibrom", "Amanuel", "Tesfalem", "Yemane", "Eyob", "Senai",
    "Abraham", "Daniel", "Isaias", "Berhane", "Hagos", "Goitom",
)
ERITREAN_FEMALE = (
    "Helen", "Senait", "Selam", "Rahwa", "Saba", "Yordanos", "Hiwet", "Feven", "Lidia", "Tsega",
    "Winta", "Eden", "Meron", "Luwam", "Abeba", "Almaz", "Tirhas", "Freweini", "Mebrat",
    "Aster", "Semhar", "Ruta", "Hanna", "Mizan", "Ksanet", "Nardos", "Rigat", "Elsa", "Danait",
    "Simret", "Medhin",
)
ERITREAN_FAMILY = (
    "Tesfamariam", "Gebremedhin", "Haile", "Tekle", "Berhe", "Kidane", "Habtemariam",
    "Ghebreyesus", "Woldemichael", "Mehari", "Asmelash", "Tewolde", "Andemariam", "Okbazghi",
    "Yemane", "Gebrehiwet", "Zerai", "Abraha", "Araya", "Fsaha", "Ghebremeskel", "Hagos",
    "Kahsay", "Mengisteab", "Negash", "Russom", "Sebhatu", "Tesfay", "Weldu", "Yohannes",
    "Goitom",
)

# --- Somalia -------------------------------------------------------------------------------
SOMALI_MALE = (
    "Abdi", "Abdirahman", "Abdullahi", "Ahmed", "Ali", "Hassan", "Hussein", "Ibrahim",
    "Mohamed", "Mohamud", "Mustafe", "Omar", "Osman", "Yusuf", "Farah", "Liban", "Said",
    "Abdiaziz", "Abdikarim", "Abdiqani", "Bashir", "Daud", "Guled", "Hamza", "Ismail", "Jama",
    "Khalid", "Mahad", "Nur", "Sharmarke", "Warsame", "Bile",
)
SOMALI_FEMALE = (
    "Amina", "Asha", "Faduma", "Hawa", "Hodan", "Ifrah", "Khadra", "Maryan", "Nimco", "Sahra",
    "Sagal", "Ubah", "Deeqa", "Fardowsa", "Hibo", "Idil", "Istahil", "Kaltun", "Leyla", "Muna",
    "Naima", "Ruqia", "Safiya", "Sucaad", "Warsan", "Zamzam", "Ayan", "Barwaqo", "Filsan",
    "Hamdi", "Halima", "Shukri",
)
SOMALI_FAMILY = (
    "Mohamed", "Ahmed", "Abdi", "Ali", "Hassan", "Hussein", "Farah", "Warsame", "Jama", "Nur",
    "Osman", "Omar", "Yusuf", "Aden", "Egal", "Elmi", "Guled", "Hirsi", "Ismail", "Mohamud",
    "Samatar", "Shire", "Abdullahi", "Dahir", "Duale", "Gedi", "Haji", "Isse", "Jibril",
    "Mire", "Roble", "Sheikh",
)

# --- Georgia -------------------------------------------------------------------------------
GEORGIAN_MALE = (
    "Giorgi", "Davit", "Levan", "Nikoloz", "Irakli", "Luka", "Zurab", "Giga", "Lasha",
    "Tornike", "Sandro", "Beka", "Mikheil", "Aleksandre", "Vakhtang", "Tamaz", "Gela", "Nodar",
    "Otar", "Revaz", "Shota", "Temur", "Zaza", "Badri", "Dato", "Goga", "Ilia", "Koba",
    "Mamuka", "Paata", "Vasil", "Archil",
)
GEORGIAN_FEMALE = (
    "Nino", "Tamar", "Mariam", "Ana", "Eka", "Ketevan", "Salome", "Natia", "Nana", "Lika",
    "Maia", "Sopho", "Tinatin", "Manana", "Nato", "Khatia", "Lela", "Marina", "Nestan",
    "Rusudan", "Tea", "Elene", "Mzia", "Nona", "Irma", "Inga", "Keti", "Medea", "Tako", "Maka",
    "Gvantsa", "Natela",
)
GEORGIAN_FAMILY = (
    "Beridze", "Kapanadze", "Gelashvili", "Maisuradze", "Giorgadze", "Lomidze", "Tsiklauri",
    "Bolkvadze", "Kvaratskhelia", "Nozadze", "Tabatadze", "Khutsishvili", "Japaridze",
    "Mikeladze", "Abashidze", "Chkheidze", "Kiknadze", "Gogoladze", "Dolidze", "Jorbenadze",
    "Mchedlishvili", "Kharaishvili", "Meladze", "Gogichaishvili", "Tsereteli", "Chikovani",
    "Gurgenidze", "Kvirikashvili", "Natsvlishvili", "Shengelia", "Kobakhidze", "Lobjanidze",
    "Jikia",
)

# --- Russia (ICAO transliteration as in the passport) --------------------------------------
RUSSIAN_MALE = (
    "Aleksandr", "Dmitrii", "Sergei", "Andrei", "Aleksei", "Ivan", "Mikhail", "Nikolai",
    "Pavel", "Vladimir", "Evgenii", "Igor", "Oleg", "Roman", "Artem", "Denis", "Maksim",
    "Kirill", "Anton", "Ilia", "Konstantin", "Viktor", "Iurii", "Boris", "Grigorii", "Timur",
    "Ruslan", "Vadim", "Stanislav", "Arsenii", "Fedor", "Gleb",
)
RUSSIAN_FEMALE = (
    "Anna", "Elena", "Olga", "Natalia", "Tatiana", "Irina", "Svetlana", "Mariia", "Ekaterina",
    "Iuliia", "Anastasiia", "Daria", "Kseniia", "Marina", "Galina", "Liudmila", "Valentina",
    "Polina", "Alina", "Sofiia", "Viktoriia", "Vera", "Nadezhda", "Larisa", "Oksana",
    "Evgeniia", "Kristina", "Veronika", "Alisa", "Iana", "Elizaveta", "Zhanna",
)
#: Masculine forms; :func:`family_name_for` derives the feminine form.
RUSSIAN_FAMILY = (
    "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasilev", "Petrov", "Sokolov", "Mikhailov",
    "Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev", "Semenov", "Egorov",
    "Pavlov", "Kozlov", "Stepanov", "Nikolaev", "Orlov", "Andreev", "Makarov", "Nikitin",
    "Zakharov", "Zaitsev", "Solovev", "Borisov", "Iakovlev", "Grigorev", "Romanov",
    "Vorobev", "Belousov", "Kovalevskii",
)

# --- Ukraine (§ 24 AufenthG; national transliteration as in the passport) ------------------
UKRAINIAN_MALE = (
    "Oleksandr", "Andrii", "Serhii", "Dmytro", "Volodymyr", "Oleksii", "Mykola", "Ivan",
    "Yurii", "Vasyl", "Petro", "Bohdan", "Taras", "Mykhailo", "Maksym", "Artem", "Denys",
    "Vitalii", "Roman", "Ihor", "Oleh", "Pavlo", "Yaroslav", "Viktor", "Stanislav", "Anatolii",
    "Vladyslav", "Nazar", "Kyrylo", "Danylo", "Yevhen", "Rostyslav",
)
UKRAINIAN_FEMALE = (
    "Olena", "Nataliia", "Iryna", "Tetiana", "Oksana", "Yuliia", "Svitlana", "Kateryna",
    "Mariia", "Anastasiia", "Halyna", "Liudmyla", "Viktoriia", "Alina", "Daryna", "Sofiia",
    "Anna", "Khrystyna", "Valentyna", "Larysa", "Inna", "Nadiia", "Olha", "Uliana", "Solomiia",
    "Zoriana", "Vira", "Yana", "Diana", "Polina", "Myroslava", "Oleksandra",
)
#: Masculine forms; :func:`family_name_for` derives the feminine form where it differs.
UKRAINIAN_FAMILY = (
    "Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Boiko", "Kovalchuk",
    "Melnyk", "Shevchuk", "Polishchuk", "Lysenko", "Marchenko", "Savchenko", "Rudenko",
    "Moroz", "Petrenko", "Klymenko", "Pavlenko", "Savchuk", "Kuzmenko", "Ponomarenko",
    "Vasylenko", "Levchenko", "Oliinyk", "Kharchenko", "Tkachuk", "Honcharenko", "Didenko",
    "Sydorenko", "Hrytsenko", "Koval", "Kravets", "Kostenko", "Zinchenko", "Yaremchuk",
    "Horbunov", "Vasylevskyi", "Hnatyshyn",
)


@dataclass(frozen=True)
class Origin:
    """A group of origin: nationality, first languages and the names that go with them."""

    key: str
    nationality: str  # ISO 3166-1 alpha-2
    destatis_code: str  # Staatsangehörigkeitsschlüssel, last part of a BAMF file reference
    languages: tuple[tuple[str, int], ...]  # (ISO 639 code, weight): the first language
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    #: protection under § 24 AufenthG instead of an asylum procedure
    temporary_protection: bool = False
    #: share of persons with a fictitious birth date on 1 January (no documents at hand)
    first_of_january: float = 0.0
    #: second languages often spoken, with the usual level range
    second_languages: tuple[str, ...] = ()


ORIGINS: dict[str, Origin] = {
    origin.key: origin
    for origin in (
        Origin("syria_arabic", "SY", "475", (("ar", 1),), SYRIAN_MALE, SYRIAN_FEMALE,
               SYRIAN_FAMILY, second_languages=("en",)),
        Origin("syria_kurdish", "SY", "475", (("ku", 1),), KURDISH_MALE, KURDISH_FEMALE,
               SYRIAN_KURDISH_FAMILY, second_languages=("ar",)),
        Origin("afghanistan", "AF", "423", (("prs", 3), ("ps", 2)), AFGHAN_MALE, AFGHAN_FEMALE,
               AFGHAN_FAMILY, first_of_january=0.35, second_languages=("fa", "en")),
        Origin("turkey", "TR", "163", (("tr", 1),), TURKISH_MALE, TURKISH_FEMALE,
               TURKISH_FAMILY, second_languages=("en",)),
        Origin("turkey_kurdish", "TR", "163", (("ku", 1),), KURDISH_MALE, KURDISH_FEMALE,
               TURKISH_FAMILY, second_languages=("tr",)),
        Origin("iraq", "IQ", "438", (("ar", 1),), IRAQI_MALE, IRAQI_FEMALE, IRAQI_FAMILY,
               second_languages=("en",)),
        Origin("iraq_kurdish", "IQ", "438", (("ckb", 3), ("ku", 1)), KURDISH_MALE,
               KURDISH_FEMALE, IRAQI_KURDISH_FAMILY, second_languages=("ar",)),
        Origin("iran", "IR", "439", (("fa", 1),), IRANIAN_MALE, IRANIAN_FEMALE, IRANIAN_FAMILY,
               second_languages=("en",)),
        Origin("eritrea", "ER", "224", (("ti", 1),), ERITREAN_MALE, ERITREAN_FEMALE,
               ERITREAN_FAMILY, first_of_january=0.2, second_languages=("en",)),
        Origin("somalia", "SO", "273", (("so", 1),), SOMALI_MALE, SOMALI_FEMALE, SOMALI_FAMILY,
               first_of_january=0.3, second_languages=("ar", "en")),
        Origin("georgia", "GE", "430", (("ka", 1),), GEORGIAN_MALE, GEORGIAN_FEMALE,
               GEORGIAN_FAMILY, second_languages=("ru",)),
        Origin("russia", "RU", "160", (("ru", 1),), RUSSIAN_MALE, RUSSIAN_FEMALE,
               RUSSIAN_FAMILY, second_languages=("en",)),
        Origin("ukraine", "UA", "166", (("uk", 3), ("ru", 1)), UKRAINIAN_MALE,
               UKRAINIAN_FEMALE, UKRAINIAN_FAMILY, temporary_protection=True,
               second_languages=("ru", "en")),
    )
}

#: Share of households by origin, roughly the mix a NRW Kommune sees (in percent).
ORIGIN_WEIGHTS: dict[str, int] = {
    "ukraine": 27,
    "syria_arabic": 18,
    "syria_kurdish": 5,
    "afghanistan": 13,
    "turkey": 7,
    "turkey_kurdish": 4,
    "iraq": 5,
    "iraq_kurdish": 3,
    "iran": 5,
    "eritrea": 4,
    "somalia": 3,
    "georgia": 3,
    "russia": 3,
}

# fmt: on

_SLAVIC = {"russia", "ukraine"}


def family_name_for(origin: Origin, name: str, gender: str) -> str:
    """The family name in the form a person of ``gender`` carries it.

    Russian and Ukrainian family names in -ov/-ev/-in take -a for women, -skii/-skyi become
    -skaia/-ska; Ukrainian names in -enko, -uk, -chuk, -yk do not change.
    """
    if gender != "f" or origin.key not in _SLAVIC:
        return name
    if name.endswith("skii"):
        return name[:-4] + "skaia"
    if name.endswith("skyi"):
        return name[:-4] + "ska"
    if name.endswith(("ov", "ev", "in")):
        return name + "a"
    return name
