//! The fixed part of a demo shop: groups, items, operators, counterparties. The generator
//! picks from these by flavour and seed; names are Bulgarian like a real Detelina shop's.

/// (id, name, parent; 0 = top level). Three levels; 84 is the consumables group the expense
/// pages hard-code.
pub const GROUPS: &[(i64, &str, i64)] = &[
    (1, "Напитки", 0),
    (11, "Топли напитки", 1),
    (111, "Кафе", 11),
    (112, "Чай и шоколад", 11),
    (12, "Безалкохолни", 1),
    (121, "Води", 12),
    (122, "Сокове и газирани", 12),
    (13, "Алкохол", 1),
    (131, "Бира", 13),
    (132, "Вино", 13),
    (133, "Твърд алкохол", 13),
    (2, "Кухня", 0),
    (21, "Салати и супи", 2),
    (211, "Салати", 21),
    (212, "Супи", 21),
    (22, "Основни ястия", 2),
    (221, "Скара", 22),
    (222, "Готвени ястия", 22),
    (23, "Гарнитури и тестени", 2),
    (231, "Гарнитури", 23),
    (232, "Тестени", 23),
    (233, "Деликатеси на кг", 23),
    (3, "Сладкарница", 0),
    (31, "Десерти", 3),
    (311, "Торти и палачинки", 31),
    (312, "Сладолед", 31),
    (8, "Стопански стоки", 0),
    (81, "Опаковки", 8),
    (811, "Опаковки за вкъщи", 81),
    (84, "Консумативи", 8),
];

/// The consumables group (monthlyexpenses.php filters PLU_GROUP_ID = 84).
pub const CONSUMABLES_GROUP: i64 = 84;

/// Measure units: (id, name).
pub const UNITS: &[(i64, &str)] = &[(1, "бр."), (2, "кг"), (3, "л"), (4, "порция")];

/// VAT groups: (number, short name, description, percent).
pub const TAX_GROUPS: &[(i64, &str, &str, f64)] = &[
    (1, "А", "ДДС 0% (освободени)", 0.0),
    (2, "Б", "ДДС 20%", 20.0),
    (3, "В", "ДДС 20% горива", 20.0),
    (4, "Г", "ДДС 9% ресторантьорски услуги", 9.0),
];

/// Print groups (kitchen printers): (id, name).
pub const PRINT_GROUPS: &[(i64, &str)] = &[
    (1, "Бар"),
    (2, "Кухня"),
    (3, "Сладкарница"),
    (4, "Без печат"),
];

/// Payment types: (number, name, weight of receipts paid this way).
pub const PAYMENT_TYPES: &[(i64, &str, f64)] = &[
    (1, "В БРОЙ", 0.56),
    (2, "КАРТА", 0.38),
    (3, "ВАУЧЕР", 0.06),
    (4, "ЧЕК", 0.0),
];

pub const CASH: i64 = 1;
pub const CARD: i64 = 2;

/// Currencies: (id, sign, ISO code, name). BGN and EUR exist in every shop.
pub const CURRENCIES: &[(i64, &str, &str, &str)] = &[
    (1, "лв", "BGN", "Български лев"),
    (2, "€", "EUR", "Евро"),
    (3, "$", "USD", "Щатски долар"),
];
pub const BGN: i64 = 1;
pub const EUR: i64 = 2;
/// The fixed conversion rate: 1 EUR = 1.95583 BGN.
pub const BGN_PER_EUR: f64 = 1.95583;

/// Storages: (number, name).
pub const STORAGES: &[(i64, &str)] = &[(1, "Основен склад"), (2, "Бар"), (3, "Кухня")];

/// Document types of SUPPLIES: (id, name).
pub const DOCUMENTS: &[(i64, &str)] = &[
    (1, "Фактура"),
    (2, "Стокова разписка"),
    (3, "Протокол"),
    (4, "Касова бележка"),
];

/// An item: number, name, till name, group, unit, sell price in EUR, buy share of the price,
/// VAT group, print group, hour profile.
pub struct Item {
    pub numb: i64,
    pub name: &'static str,
    pub ecr: &'static str,
    pub group: i64,
    pub unit: i64,
    pub eur: f64,
    pub buy: f64,
    pub tax: i64,
    pub printer: i64,
    pub kind: Kind,
}

/// When an item sells: drives the hour-of-day mix.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Coffee,
    Soft,
    Alcohol,
    Food,
    Sweet,
    Weighed,
    Packaging,
    Consumable,
}

macro_rules! items {
    ($(($n:expr, $name:expr, $ecr:expr, $g:expr, $u:expr, $p:expr, $b:expr, $t:expr, $pr:expr, $k:ident)),* $(,)?) => {
        &[$(Item { numb: $n, name: $name, ecr: $ecr, group: $g, unit: $u, eur: $p, buy: $b,
                   tax: $t, printer: $pr, kind: Kind::$k }),*]
    };
}

pub const ITEMS: &[Item] = items![
    (
        1001,
        "Кафе еспресо",
        "ЕСПРЕСО",
        111,
        1,
        1.20,
        0.25,
        2,
        1,
        Coffee
    ),
    (
        1002,
        "Кафе дълго",
        "КАФЕ ДЪЛГО",
        111,
        1,
        1.30,
        0.25,
        2,
        1,
        Coffee
    ),
    (
        1003,
        "Капучино",
        "КАПУЧИНО",
        111,
        1,
        1.90,
        0.30,
        2,
        1,
        Coffee
    ),
    (1004, "Кафе лате", "ЛАТЕ", 111, 1, 2.20, 0.30, 2, 1, Coffee),
    (
        1005,
        "Кафе без кофеин",
        "БЕЗКОФЕИНОВО",
        111,
        1,
        1.40,
        0.30,
        2,
        1,
        Coffee
    ),
    (
        1011,
        "Чай билков",
        "ЧАЙ БИЛКОВ",
        112,
        1,
        1.10,
        0.20,
        2,
        1,
        Coffee
    ),
    (
        1012,
        "Чай зелен",
        "ЧАЙ ЗЕЛЕН",
        112,
        1,
        1.20,
        0.20,
        2,
        1,
        Coffee
    ),
    (
        1013,
        "Горещ шоколад",
        "ГОР.ШОКОЛАД",
        112,
        1,
        2.00,
        0.35,
        2,
        1,
        Coffee
    ),
    (
        1021,
        "Минерална вода Девин 0.5 л",
        "ВОДА 0.5",
        121,
        1,
        0.90,
        0.40,
        2,
        1,
        Soft
    ),
    (
        1022,
        "Газирана вода 0.5 л",
        "ГАЗ.ВОДА 0.5",
        121,
        1,
        0.90,
        0.40,
        2,
        1,
        Soft
    ),
    (
        1031,
        "Кока-Кола 0.33 л",
        "КОКА-КОЛА",
        122,
        1,
        1.60,
        0.45,
        2,
        1,
        Soft
    ),
    (
        1032,
        "Фанта портокал 0.33 л",
        "ФАНТА",
        122,
        1,
        1.60,
        0.45,
        2,
        1,
        Soft
    ),
    (
        1033,
        "Фреш портокал 250 мл",
        "ФРЕШ ПОРТОКАЛ",
        122,
        1,
        3.00,
        0.35,
        2,
        1,
        Soft
    ),
    (1034, "Айрян", "АЙРЯН", 122, 1, 1.00, 0.40, 2, 1, Soft),
    (
        1041,
        "Бира Загорка 0.5 л",
        "ЗАГОРКА 0.5",
        131,
        1,
        2.00,
        0.45,
        2,
        1,
        Alcohol
    ),
    (
        1042,
        "Бира Каменица 0.5 л",
        "КАМЕНИЦА 0.5",
        131,
        1,
        2.00,
        0.45,
        2,
        1,
        Alcohol
    ),
    (
        1043,
        "Наливна бира 0.4 л",
        "НАЛИВНА 0.4",
        131,
        1,
        1.80,
        0.35,
        2,
        1,
        Alcohol
    ),
    (
        1051,
        "Вино червено 150 мл",
        "ВИНО ЧЕРВ.150",
        132,
        1,
        2.60,
        0.30,
        2,
        1,
        Alcohol
    ),
    (
        1052,
        "Вино бяло 150 мл",
        "ВИНО БЯЛО 150",
        132,
        1,
        2.60,
        0.30,
        2,
        1,
        Alcohol
    ),
    (
        1053,
        "Мавруд бутилка 0.75 л",
        "МАВРУД 0.75",
        132,
        1,
        14.00,
        0.40,
        2,
        1,
        Alcohol
    ),
    (
        1061,
        "Ракия Бургаска мускатова 50 мл",
        "РАКИЯ БУРГАС",
        133,
        1,
        2.20,
        0.30,
        2,
        1,
        Alcohol
    ),
    (
        1062,
        "Ракия Троянска сливова 50 мл",
        "РАКИЯ ТРОЯН",
        133,
        1,
        2.60,
        0.30,
        2,
        1,
        Alcohol
    ),
    (
        1063,
        "Мастика 50 мл",
        "МАСТИКА",
        133,
        1,
        1.80,
        0.30,
        2,
        1,
        Alcohol
    ),
    (
        1064,
        "Уиски 50 мл",
        "УИСКИ",
        133,
        1,
        3.50,
        0.35,
        2,
        1,
        Alcohol
    ),
    (
        2001,
        "Шопска салата",
        "ШОПСКА",
        211,
        4,
        4.50,
        0.35,
        4,
        2,
        Food
    ),
    (
        2002,
        "Салата Снежанка",
        "СНЕЖАНКА",
        211,
        4,
        3.20,
        0.30,
        4,
        2,
        Food
    ),
    (
        2003,
        "Овчарска салата",
        "ОВЧАРСКА",
        211,
        4,
        5.50,
        0.35,
        4,
        2,
        Food
    ),
    (2004, "Таратор", "ТАРАТОР", 212, 4, 2.50, 0.25, 4, 2, Food),
    (
        2005,
        "Боб чорба",
        "БОБ ЧОРБА",
        212,
        4,
        3.50,
        0.25,
        4,
        2,
        Food
    ),
    (
        2006,
        "Шкембе чорба",
        "ШКЕМБЕ",
        212,
        4,
        3.80,
        0.30,
        4,
        2,
        Food
    ),
    (2011, "Кебапче", "КЕБАПЧЕ", 221, 1, 1.10, 0.40, 4, 2, Food),
    (2012, "Кюфте", "КЮФТЕ", 221, 1, 1.10, 0.40, 4, 2, Food),
    (
        2013,
        "Пилешка пържола",
        "ПИЛ.ПЪРЖОЛА",
        221,
        4,
        6.50,
        0.40,
        4,
        2,
        Food
    ),
    (
        2014,
        "Свинска вратна пържола",
        "ВРАТНА",
        221,
        4,
        7.50,
        0.40,
        4,
        2,
        Food
    ),
    (2021, "Мусака", "МУСАКА", 222, 4, 6.00, 0.35, 4, 2, Food),
    (
        2022,
        "Свинска кавърма",
        "КАВЪРМА",
        222,
        4,
        8.50,
        0.40,
        4,
        2,
        Food
    ),
    (
        2023,
        "Пиле с ориз",
        "ПИЛЕ С ОРИЗ",
        222,
        4,
        6.80,
        0.35,
        4,
        2,
        Food
    ),
    (
        2031,
        "Пържени картофи",
        "КАРТОФИ",
        231,
        4,
        2.50,
        0.25,
        4,
        2,
        Food
    ),
    (
        2032,
        "Картофи със сирене",
        "КАРТОФИ СИРЕНЕ",
        231,
        4,
        3.20,
        0.30,
        4,
        2,
        Food
    ),
    (2033, "Хляб порция", "ХЛЯБ", 231, 4, 0.60, 0.30, 4, 2, Food),
    (
        2041,
        "Баница със сирене",
        "БАНИЦА",
        232,
        1,
        1.80,
        0.30,
        4,
        2,
        Sweet
    ),
    (2042, "Мекица", "МЕКИЦА", 232, 1, 0.90, 0.25, 4, 2, Sweet),
    (
        2043,
        "Пърленка със сирене",
        "ПЪРЛЕНКА",
        232,
        1,
        2.20,
        0.30,
        4,
        2,
        Food
    ),
    (
        2051,
        "Сирене краве на кг",
        "СИРЕНЕ КГ",
        233,
        2,
        12.00,
        0.60,
        2,
        4,
        Weighed
    ),
    (
        2052,
        "Маслини Каламата на кг",
        "МАСЛИНИ КГ",
        233,
        2,
        9.00,
        0.55,
        2,
        4,
        Weighed
    ),
    (
        2053,
        "Кашкавал Витоша на кг",
        "КАШКАВАЛ КГ",
        233,
        2,
        15.00,
        0.60,
        2,
        4,
        Weighed
    ),
    (
        3001,
        "Торта Гараш",
        "ГАРАШ",
        311,
        1,
        3.50,
        0.35,
        4,
        3,
        Sweet
    ),
    (
        3002,
        "Бисквитена торта",
        "БИСКВ.ТОРТА",
        311,
        1,
        3.20,
        0.30,
        4,
        3,
        Sweet
    ),
    (
        3003,
        "Палачинка с шоколад",
        "ПАЛАЧИНКА",
        311,
        1,
        3.00,
        0.25,
        4,
        3,
        Sweet
    ),
    (
        3011,
        "Сладолед топка",
        "СЛАДОЛЕД",
        312,
        1,
        1.20,
        0.30,
        4,
        3,
        Sweet
    ),
    (3012, "Мелба", "МЕЛБА", 312, 1, 4.00, 0.30, 4, 3, Sweet),
    (
        8101,
        "Кутия за храна за вкъщи",
        "КУТИЯ",
        811,
        1,
        0.30,
        0.50,
        2,
        4,
        Packaging
    ),
    (
        8102,
        "Торбичка",
        "ТОРБИЧКА",
        811,
        1,
        0.10,
        0.50,
        2,
        4,
        Packaging
    ),
    (
        8401,
        "Салфетки 100 бр.",
        "САЛФЕТКИ",
        84,
        1,
        1.50,
        0.70,
        2,
        4,
        Consumable
    ),
    (
        8402,
        "Препарат за съдове 5 л",
        "ПРЕПАРАТ",
        84,
        1,
        8.00,
        0.70,
        2,
        4,
        Consumable
    ),
    (
        8403,
        "Касова ролка 57 мм",
        "КАСОВА РОЛКА",
        84,
        1,
        0.80,
        0.70,
        2,
        4,
        Consumable
    ),
    (
        8404,
        "Ръкавици еднократни 100 бр.",
        "РЪКАВИЦИ",
        84,
        1,
        4.50,
        0.70,
        2,
        4,
        Consumable
    ),
    (
        8405,
        "Чаши пластмасови 100 бр.",
        "ЧАШИ",
        84,
        1,
        3.20,
        0.70,
        2,
        4,
        Consumable
    ),
];

/// An operator: id, full name, user name, demo password, DES crypt hash of it, expiry.
pub struct Operator {
    pub id: i64,
    pub name: &'static str,
    pub user: &'static str,
    pub password: &'static str,
    pub hash: &'static str,
    pub active_to: ActiveTo,
    pub access: &'static str,
}

/// OPERATOR_ACTIVETODATE variants real databases hold.
#[derive(Clone, Copy, Debug)]
pub enum ActiveTo {
    /// NULL: no expiry.
    Null,
    /// 30.12.1899 00:00:00, the Delphi zero date: no expiry.
    ZeroDate,
    /// An expiry this many days after the data's last day (negative: already expired).
    Days(i64),
}

/// Demo operators. Hashes are traditional DES crypt(3) of the password with the first two
/// letters of the user name as salt (PHP: crypt("1111", "iv")).
pub const OPERATORS: &[Operator] = &[
    Operator {
        id: 1,
        name: "Иван Петров",
        user: "ivan",
        password: "1111",
        hash: "ivqgqeI/uT0Ss",
        active_to: ActiveTo::Null,
        access: "11111111",
    },
    Operator {
        id: 2,
        name: "Мария Георгиева",
        user: "maria",
        password: "2222",
        hash: "mawanQ2iIKSdk",
        active_to: ActiveTo::ZeroDate,
        access: "11111110",
    },
    Operator {
        id: 3,
        name: "Георги Димитров",
        user: "georgi",
        password: "3333",
        hash: "geie3a1FiUw/.",
        active_to: ActiveTo::Days(400),
        access: "11100000",
    },
    Operator {
        id: 4,
        name: "Елена Николова",
        user: "elena",
        password: "4444",
        hash: "elUgjhXrGFsfQ",
        active_to: ActiveTo::Days(-150),
        access: "11100000",
    },
    Operator {
        id: 5,
        name: "Стоян Колев",
        user: "admin",
        password: "admin",
        hash: "adpexzg3FUZAk",
        active_to: ActiveTo::Null,
        access: "11111111",
    },
    Operator {
        id: 6,
        name: "Петя Стоянова",
        user: "petya",
        password: "5555",
        hash: "peNKgvwbq05Kg",
        active_to: ActiveTo::ZeroDate,
        access: "11100000",
    },
];

/// Counterparties: (EIK/BULSTAT, firm name, town). The first ones buy wholesale (BOS sales),
/// the last ones deliver.
pub const CUSTOMERS: &[(&str, &str, &str)] = &[
    ("131245677", "Хотел Родина ЕООД", "София"),
    ("202345671", "Ресторант Балкан ООД", "Пловдив"),
    ("175432108", "Кетъринг София ЕООД", "София"),
    ("103456782", "Морско казино АД", "Варна"),
    ("204567893", "Детска градина Слънце", "Бургас"),
    ("121234563", "Загорка АД", "Стара Загора"),
    ("831234560", "Девин ЕАД", "Девин"),
    ("121888430", "Метро Кеш енд Кери България ЕООД", "София"),
    ("200111223", "Хигиена Про ООД", "София"),
];
/// How many leading CUSTOMERS buy wholesale; the rest supply.
pub const BUYERS: usize = 5;
/// A buyer EIK with no CUSTOMERS_DATA row (the pages LEFT JOIN and show '').
pub const UNKNOWN_BUYER: &str = "999888777";
