//! Arabic word tables the rules read. Written as they appear in text; normalized
//! ([`qawl_tokenizer::normalize_key`]) when loaded, so `أ/إ/ا` and `ى/ي` need no variants here.

/// Heads of job titles and positions: a ROLE phrase starts at one of these.
/// Feminine forms are listed too: they tell a speaker's gender.
pub const ROLE_HEADS: &[&str] = &[
    "وزير", "وزيرة", "رئيس", "رئيسة", "مدير", "مديرة", "نائب", "نائبة", "مساعد", "مساعدة", "مسؤول", "مسؤولة",
    "أمين", "أمينة", "سفير", "سفيرة", "مستشار", "مستشارة", "محافظ", "قائد", "قائدة", "مدرب", "مدربة",
    "لاعب", "لاعبة", "ملياردير", "مليارديرة", "مليونير", "عضو", "عضوة", "وكيل", "وكيلة", "ممثل", "ممثلة", "منسق", "منسقة", "مشرف", "مشرفة", "كاهية",
    "اختصاصي", "اختصاصية", "استشاري", "استشارية", "أخصائي", "أخصائية", "خبير", "خبيرة", "باحث", "باحثة", "أستاذ", "أستاذة",
    "عميد", "عميدة", "رئيسة", "المتحدث", "متحدث", "متحدثة", "الناطق", "ناطق", "ناطقة", "مفوض", "مفوضة",
    "السلطان", "الملك", "الملكة", "الأمير", "الأميرة", "ولي", "الرئيس", "الرئيسة", "الوزير", "الوزيرة", "المدير", "المديرة",
    "المدرب", "المدربة", "المهاجم", "المدافع", "الحارس", "الكابتن", "النائب", "النائبة", "السفير", "السفيرة", "المستشار",
    "المستشارة", "المحافظ", "القائد", "الأمين", "الوكيل", "الممثل", "الممثلة", "المنسق", "العميد", "اللواء", "العقيد",
    "الفريق", "المشير", "رجل", "سيدة", "مؤسس", "المؤسس", "المفوض", "الخبير",
    "الخبيرة", "الباحث", "الباحثة", "الأستاذ", "الأستاذة", "الموسيقار", "الفنان", "الفنانة", "الكاتب", "الكاتبة",
    "الشاعر", "الشاعرة", "الروائي", "الروائية", "المخرج", "المخرجة", "الصحفي", "الصحفية", "المزارع", "القاضي",
    "قاضي", "المحامي", "المحامية", "محامي", "محامية", "طبيب", "طبيبة", "الطبيب", "الطبيبة", "مهندس", "مهندسة",
    "مراسل", "مراسلة", "محلل", "محللة", "المحلل", "كبير", "كبيرة", "المبعوث", "مبعوث", "مبعوثة", "موفد", "موفدة", "الباحث", "باحث", "باحثة", "الإعلامي", "إعلامي", "إعلامية", "الأمين", "أمين", "أمينة", "النائب", "المدعي", "مدعي",
    "المندوب", "مندوب", "مندوبة", "زعيم", "الزعيم", "قائم", "حاكم", "الحاكم", "عمدة", 
];

/// Honorifics: before a name, outside both the PERSON span and the ROLE.
pub const HONORIFICS: &[&str] = &[
    "الشيخ", "الشيخة", "الدكتور", "الدكتورة", "د", "السيد", "السيدة", "المهندس", "المهندسة", "الحاج",
    "الحاجة", "المعظم", "المفدى", "معالي", "سعادة", "فضيلة", "سمو", "حضرة", "صاحب", "صاحبة", "الجلالة", "السمو", "الملكي", "المعالي",
    "السعادة", "الفخامة", "فخامة", "دولة", "الإمام", "الآنسة",
];

/// Titles abbreviated to one letter and a full stop before a name (`د. خالد`, `م. سعيد`,
/// `أ. سالم`), the text layer's table (a sentence does not end at their stop): honorifics for
/// the rules only, like [`PROPHET_TITLES`], because `م` after a year is also the era (`2015 م`)
/// and the tagger's flags must stay as trained.
pub use qawl_tokenizer::sentences::TITLE_ABBREVIATIONS;

/// Titles of prophets, honorifics before a name for the rules (`النبي محمد`). Kept out of
/// [`HONORIFICS`] because that table is also a lexicon feature of the word tagger: the tagger
/// must read the flags it was trained with.
pub const PROPHET_TITLES: &[&str] = &["النبي"];

/// Blessings written after a name (`محمد (صلى الله عليه وسلم)`): no part of one is a name.
pub const BLESSINGS: &[&str] = &["صلى الله عليه وسلم", "رضي الله عنه", "رضي الله عنها", "رحمه الله", "رحمها الله", "عليه السلام", "عليها السلام"];

/// Regnal ordinals: after a name they are part of it (`اليزابيث الثانية`, `لويس السادس`).
pub const REGNAL_ORDINALS: &[&str] = &[
    "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر",
    "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة", "التاسعة", "العاشرة",
];

/// Particles inside Arabic names: they join the words around them into one name.
pub const NAME_PARTICLES: &[&str] = &["بن", "بنت", "ابن", "ابنة", "أبو", "أبي", "أبا", "أم", "آل", "عبد", "ولد", "بو"];

/// The particles of a lineage (`خالد بن علي`): the word after the last of them is a father's
/// or a family's name, never a title; normalized.
pub const NASAB_PARTICLES: &[&str] = &["بن", "بنت", "ابن"];

/// Second words of compound given names (`نور الدين`, `هبة الله`, `عبد الرحمن`): part of the name.
pub const NAME_COMPOUND_SECONDS: &[&str] = &["الدين", "الله", "الرحمن", "الرحيم", "الإسلام", "الزهراء", "الهدى", "الإله", "العزيز", "الكريم"];

/// Heads of organization names kept in the ORG span (`وزارة الإعلام`).
pub const ORG_HEADS: &[&str] = &[
    "وزارة", "هيئة", "مركز", "جامعة", "مجلس", "بنك", "البنك", "منظمة", "اتحاد", "الاتحاد", "مؤسسة", "جمعية", "صندوق",
    "مديرية", "المديرية", "دائرة", "لجنة", "حزب", "وكالة", "صحيفة", "محكمة", "المحكمة",
    "مستشفى", "مصرف", "المصرف", "غرفة", "بلدية", "سلطة", "جهاز", "الهيئة", "المجلس", "المركز", "المنظمة",
    "الجمعية", "الصندوق", "اللجنة", "الحزب", "الوكالة", "الجامعة", "كلية", "معهد", "المعهد", "أكاديمية", "الأكاديمية",
    "برنامج", "الأمانة", "أمانة", "الديوان", "ديوان", "مجموعة", "المجموعة", "المؤسسة", "الدائرة", "الإدارة",
    "المديرية", "شرطة", "الشرطة", "الجيش", "جيش", "قوات", "القوات", "نقابة", "النقابة", "رابطة",
];

/// Generic heads dropped from the ORG span: `شركة ميتا` → `ميتا`.
pub const ORG_GENERIC_HEADS: &[&str] = &["شركة", "نادي", "فريق", "تعاونية", "قناة", "منصة"];

/// Heads of place names kept in the LOC span (`سلطنة عمان`, `محافظة الداخلية`).
pub const LOC_HEADS: &[&str] = &[
    "سلطنة", "مملكة", "شمال", "جنوب", "شرق", "غرب", "المملكة", "إمارة", "جمهورية", "محافظة", "ولاية", "إقليم", "جهة", 
];

/// Heads that belong to the place's span (ANNOTATION.md: `منطقة X`, `محافظة X` whole; `مدينة X`
/// is `X` alone): a tagger place right after one is widened to take it in.
pub const LOC_HEADS_IN_SPAN: &[&str] = &[
    "سلطنة", "مملكة", "المملكة", "إمارة", "جمهورية", "محافظة", "منطقة", "مقاطعة", "ولاية", "إقليم", "بحر",
    "معتمدية", "حي",
];

/// Places of the Arab world that news names daily: countries, capitals, major cities,
/// regions and governorates. Added to the gazetteer; listed here because several are also
/// common words (`صور`, `معان`) that a frequency filter would otherwise drop.
pub const ARAB_PLACES: &[&str] = &[
    "سلطنة عمان", "عمان", "مسقط", "صلالة", "ظفار", "نزوى", "صحار", "الداخلية", "السعودية", "المملكة العربية السعودية", "الرياض",
    "جدة", "مكة", "مكة المكرمة", "المدينة المنورة", "الدمام", "الخبر", "الطائف", "أبها", "عسير", "تبوك", "حائل", "القصيم",
    "جازان", "نجران", "الأحساء", "الجوف", "النماص", "تنومة", "الإمارات", "أبوظبي", "أبو ظبي", "دبي", "الشارقة", "عجمان",
    "رأس الخيمة", "الفجيرة", "العين", "قطر", "الدوحة", "الريان", "الوكرة", "الخور", "البحرين", "المنامة", "المحرق", "الكويت",
    "الجهراء", "حولي", "الأحمدي", "اليمن", "صنعاء", "عدن", "تعز", "الحديدة", "العراق", "بغداد", "البصرة", "الموصل", "أربيل",
    "النجف", "كربلاء", "الأردن", "عمّان", "إربد", "الزرقاء", "العقبة", "معان", "الكرك", "سوريا", "دمشق", "حلب", "حمص",
    "اللاذقية", "لبنان", "بيروت", "طرابلس", "صيدا", "صور", "بعلبك", "فلسطين", "القدس", "غزة", "رام الله", "نابلس", "الخليل",
    "مصر", "القاهرة", "الإسكندرية", "الجيزة", "أسوان", "الأقصر", "سوهاج", "أسيوط", "المنيا", "بورسعيد", "السويس",
    "الإسماعيلية", "المنصورة", "طنطا", "السودان", "الخرطوم", "ليبيا", "بنغازي", "تونس", "صفاقس", "سوسة", "الجزائر", "وهران",
    "قسنطينة", "المغرب", "الرباط", "الدار البيضاء", "فاس", "مكناس", "مراكش", "طنجة", "أكادير", "تاونات", "موريتانيا",
    "نواكشوط", "الخليج", "الشرق الأوسط", "شمال أفريقيا", "إيران", "طهران", "تركيا", "أنقرة", "إسطنبول", "واشنطن", "موسكو",
    "لندن", "باريس", "برلين", "بكين", "نيويورك", "الولايات المتحدة", "روسيا", "الصين", "فرنسا", "بريطانيا", "ألمانيا",
];

/// News agencies as datelines write them (`الرياض - واس:`, `عمّان (بترا)`). Several are also
/// ordinary words (`بنا`), so they count only inside a dateline.
pub const NEWS_AGENCIES: &[&str] = &[
    "واس", "بترا", "وام", "قنا", "كونا", "بنا", "واع", "سبأ", "سانا", "وفا", "أ ش أ", "و م ع", "العمانية", "الأناضول",
    "رويترز", "فرانس برس", "أ ف ب", "د ب أ", "الأنباء الكويتية", "الأنباء القطرية", "الأنباء العمانية", "الأنباء السعودية",
];

/// Function words and frequent non-name words: never part of a name, never a subject.
pub const STOPWORDS: &[&str] = &[
    "في", "من", "إلى", "على", "عن", "مع", "لدى", "حول", "خلال", "بين", "عند", "منذ", "حتى", "بعد", "قبل", "أمام",
    "ضمن", "عبر", "نحو", "دون", "أن", "إن", "بأن", "لأن", "أنه", "أنها", "إنه", "إنها", "أنهم", "إنهم", "لكن", "لكنه",
    "كما", "كذلك", "أيضا", "ثم", "أو", "بل", "لا", "لم", "لن", "ما", "ماذا", "هل", "قد", "لقد", "فقد", "وقد",
    "هو", "هي", "هم", "هن", "نحن", "أنا", "أنت", "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "الذي", "التي", "الذين",
    "اللذين", "اللتين", "كل", "بعض", "جميع", "عدد", "أكثر", "أقل", "غير", "سوى", "إلا", "كان", "كانت", "يكون",
    "تكون", "ليس", "ليست", "حيث", "إذ", "إذا", "لو", "كي", "لكي", "يوم", "اليوم", "أمس", "غدا", "الاثنين",
    "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد", "شهر", "الشهر", "أسبوع", "الأسبوع",
    "فيما", "بينما", "وفق", "وفقا", "بحسب", "حسب", "تجاه", "إزاء", "له", "لها", "لهم", "به", "بها", "فيه", "فيها",
    "منه", "منها", "عليه", "عليها", "إليه", "إليها", "أي", "أية", "أحد", "إحدى", "جانبه", "جانبها", "بدوره",
    "بدورها", "جهته", "جهتها", "أما", "وأما", "ذات", "نفس", "نفسه", "كلمة", "كلمته", "كلمتها", "تصريح", "تصريحات",
    "مؤتمر", "بيان", "البيان", "لقاء", "اللقاء", "حفل", "الحفل", "وسط", "إنما", "ولكن", "هنا", "هناك",
    "الآن", "عندما", "لي", "بسبب", "رغم", "برغم", "مثل", "ضد", "فوق", "تحت", "أثناء", "بشأن", "لدي",
];

/// Group subjects: a cue whose subject starts with one of these reports an unnamed group or
/// an institution, not a person (`أكد عدد من المشاركين`), so no person is credited.
pub const GROUP_SUBJECTS: &[&str] = &[
    "عدد", "مجموعة", "مسؤولون", "مسؤولين", "المسؤولون", "مصادر", "المصادر", "مصدر", "المصدر", "المشاركون", "مشاركون",
    "خبراء", "الخبراء", "بيان", "البيان", "الوزارة", "الشركة", "الهيئة", "الحكومة", "المركز", "الجامعة", "اللجنة",
    "المجلس", "المحكمة", "النيابة", "الإدارة", "المديرية", "البلدية", "الجمعية", "المنظمة", "الوكالة", "الصحيفة",
    "التقرير", "الدراسة", "الدراسات", "السلطات", "الجهات", "الأطباء", "المواطنون", "السكان", "الأهالي", "النادي",
    "البنك", "المصرف", "وسائل", "تقارير", "مراقبون", "المراقبون", "محللون", "المحللون", "الحلقة",
    "الورشة", "الشرطة", "الجيش", "القوات", "الحزب", "الاتحاد", "الأمانة", "الصندوق", "المؤسسة", "الدائرة", "الجهاز",
    "بعضهم", "الجميع", "كثيرون", "آخرون", "البعض", "طلاب", "الطلاب", "أولياء", "عدة", "جهات", "وزارة", "هيئة",
    // A team (`وأضاف الفريق الطبي`); the rank `الفريق` before a name is read as a title first.
    "الفريق", "صورة", "صور", "دراسة",
];

/// Words that show first-person speech (the speaker's own words, not the narrator's).
pub const FIRST_PERSON_MARKERS: &[&str] = &[
    "نحن", "أنا", "إننا", "فإننا", "أننا", "لأننا", "إنني", "أنني", "لنا", "لي", "بنا", "بي", "منا", "مني", "علينا",
    "إلينا", "نعمل", "نسعى", "نولي", "نأمل", "نؤكد", "نحرص", "أؤكد", "أعتقد", "أرى", "أتمنى", "سعدت",
    "تعرفت", "استفدت", "خرجت", "شاركت", "لدينا", "عندنا", "لدي", "نريد", "أريد", "سنعمل", "سنواصل", "نتطلع", "أتطلع",
    "نفخر", "أشعر", "نشعر", "أقول", "نقول", "نتوقع", "أتوقع", "نستطيع", "أستطيع", "حققنا", "قمنا", "بدأنا", "عملنا",
    "نجحنا", "استطعنا", "سنستمر", "نثق", "أثق", "نحتاج", "أحتاج", "نواصل", "أدعو", "ندعو", "أنصح", "ننصح",
    "أعرف", "نعرف", "نعتقد", "أظن", "أرجو", "نرجو", "أعتبر", "نعتبر",
];

/// Particles that only take a verb (`لن نسمح`, `لم أكن`): the verb after them, when it
/// starts with ن or أ, is first person.
pub const VERB_ONLY_NEGATIONS: &[&str] = &["لن", "لم", "ولن", "ولم", "فلن", "فلم"];

/// The future prefix of the first person plural (`سنعمل`, `سنواصل`), and the starts of
/// nouns that share it (`سنوات`, `سنغافورة`, `سندات`, `سناتور`).
pub const FIRST_PERSON_FUTURE_PREFIX: &str = "سن";
pub const NOT_FUTURE_STARTS: &[&str] = &["سنوات", "سنوي", "سنغ", "سنت", "سند", "سنا", "سنج", "سنة", "سنين"];

/// Openers that add to what the paragraph before said (`كما تعرفت على …`, `كذلك كان …`):
/// after a paragraph of direct speech, a paragraph opened so goes on with it.
pub const ADDITIVE_OPENERS: &[&str] = &["كما", "كذلك", "أيضا"];

/// Paragraph openers after which a reported statement carries on, content starting after
/// the comma (`إضافة إلى ذلك، تسهم …`).
pub const CONTINUATION_OPENERS: &[&str] = &["إضافة إلى ذلك", "بالإضافة إلى ذلك", "فضلا عن ذلك", "علاوة على ذلك", "وأضاف", "كذلك"];

/// Given names that normalize like a function word (`علي` like the preposition `على`, since
/// ى is read as ي): spelled so, before a name word, they start a name. Matched as written.
pub const GIVEN_NAMES_SPELLED_LIKE_STOPWORDS: &[&str] = &["علي"];

/// Nouns of works and events: a name in quotation marks right after one is a title, not a
/// person (`مسرحية "هيا تعال"`, `أغنية "توس أونسومبل"`, `بطولة "سوبر كلاسيكو"`). Host form.
pub const WORK_HEADS: &[&str] = &[
    "مسرحية", "أغنية", "أغنيته", "أغنيتها", "فيلم", "فيلمه", "مسلسل", "كتاب", "كتابه", "رواية", "روايته", "ألبوم", "ألبومه", "قصيدة", "برنامج",
    "بطولة", "مهرجان", "مسابقة", "معرض", "حملة", "عرض", "اسم", "لقب", "شعار", "عنوان", "بعنوان",
];

/// Women's given names that do not end in ة (those that do tell it themselves): the
/// first word of a name tells the person's gender. Frequent Arabic and foreign names.
pub const FEMININE_GIVEN_NAMES: &[&str] = &[
    "ليلى", "سلمى", "منى", "هدى", "نهى", "رشا", "ريم", "مريم", "زينب", "هند", "دعاء", "سناء", "وفاء", "رجاء", "أسماء", "سعاد", "نوال", "أمل",
    "إيمان", "عبير", "هيفاء", "لمياء", "شيماء", "آمال", "ابتسام", "سهام", "أحلام", "هيام", "منار", "رزان", "جيهان", "نسرين", "ياسمين", "شيرين",
    "كوثر", "بشرى", "سوزان", "زهراء", "رغد", "غدير", "لبنى", "نجلاء", "نجوى", "سحر", "رهف", "دينا", "رنا", "لينا", "هبة", "علا", "ندى", "مها",
    "ماري", "آنا", "جيسيكا", "إليزابيث", "اليزابيث", "تيريزا", "أنجيلا", "هيلين", "سارة", "كاثرين", "كريستين", "صوفي", "إيما", "لورا",
    "هيلاري", "ميلانيا", "إيفانكا", "مارين", "نانسي", "سيسيل", "روز",
];

/// Kinship and person words right before a name, which tell its gender (`زوجته روز`,
/// `شقيقها X`, `الطفلة X`). Host form.
pub const FEMININE_KIN_WORDS: &[&str] = &[
    "زوجته", "زوجة", "ابنته", "ابنة", "ابنتها", "شقيقته", "شقيقتها", "شقيقة", "أخته", "أختها", "والدته", "والدتها", "والدة", "أمه", "أمها",
    "جدته", "جدتها", "السيدة", "الطفلة", "الفتاة", "الشابة", "المواطنة", "الطالبة",
];
pub const MASCULINE_KIN_WORDS: &[&str] = &[
    "زوجها", "ابنه", "ابنها", "شقيقه", "شقيقها", "أخوه", "أخاه", "أخيه", "أخوها", "والده", "والدها", "جده", "جدها", "الطفل", "الشاب", "المواطن", "الطالب",
];

/// Name words that end in ة but are men's names: they say nothing of a woman.
pub const MALE_NAMES_IN_TA_MARBUTA: &[&str] = &["حمزة", "أسامة", "طلحة", "عبيدة", "معاوية", "عروة", "قتادة", "عكرمة", "جبلة", "ثعلبة", "حذيفة", "خليفة", "عطية", "شحادة", "شحاتة", "حمادة", "سلامة"];

// ---- quotes: the words the quote engine reads between a cue and its content ----------
// Each list is matched on the whole word as written (clitics included) unless it says host.

/// Words that attribute a statement to who follows them with no speech verb (`بحسب X`,
/// `وفقا لـX`, `طبقا لـX`); with a person they make an indirect quote (ANNOTATION.md).
pub const ACCORDING_TO: &[&str] = &["بحسب", "حسب", "وفقا", "وفق", "طبقا"];

/// `فإن` after a leading attribution (`ووفقا لـX فإن …`): the statement follows it.
pub const RESUMING_COMPLEMENTIZERS: &[&str] = &["فإن", "فإنه", "فإنها", "فإنهم"];

/// Adverbs the tagger takes into a name before them (`فيليبي لويس الآن`); a name never ends in one.
pub const ADVERBS_AFTER_NAMES: &[&str] = &["الآن", "أيضا", "حاليا", "اليوم", "أمس", "مجددا", "سابقا"];

/// Honorifics with a pronoun that stand for someone named before (`وقال سماحته إن`,
/// `وأكد معاليه أن`): the subject is that person.
pub const HONORIFIC_PRONOUNS: &[&str] = &["سماحته", "فضيلته", "معاليه", "سموه", "سموها", "جلالته", "فخامته", "سعادته", "سيادته", "دولته"];

/// `وأضاف المصدر نفسه أن`, `وقال المسؤول ذاته إن`: a source named by reference to the one
/// just cited. The noun, then the word of sameness; the subject is the last speaker, and
/// nobody when that was an unnamed source or a body.
pub const SAME_SOURCE_NOUNS: &[&str] = &["المصدر", "المسؤول", "المسؤولة", "المتحدث", "المتحدثة", "الناطق", "الناطقة"];
pub const SAMENESS_WORDS: &[&str] = &["نفسه", "ذاته", "نفسها", "ذاتها"];

/// `إدارة الهلال برئاسة X`: words after which a name is a body's head, not the speaker.
pub const HEADED_BY: &[&str] = &["برئاسة", "بقيادة"];

/// Kin words: `والد المهاجم نيمار` is the father speaking, not the one named after him.
/// (`محامي`, `وكيل` are title heads, read before this table: `وكيل الوزارة X` is the holder.)
pub const KINSHIP_HEADS: &[&str] = &["والد", "والدة", "أب", "أم", "شقيق", "شقيقة", "أخ", "أخت", "زوج", "زوجة", "ابن", "ابنة", "نجل", "نجلة", "عم", "خال", "جد", "جدة"];

/// `أحد السياح X`, `إحدى المشاركات X`: "one of", a function word that heads a description
/// before a name.
pub const ONE_OF: &[&str] = &["أحد", "إحدى"];

/// `أن` + `لا` written as one word (`توقع ألا تصمد`): a marker whose negation is part of the
/// content, so the content starts on it.
pub const NEGATED_COMPLEMENTIZERS: &[&str] = &["ألا", "بألا"];

/// Complementizers that open indirect content (`أن`, `بأنه`); whole word.
pub const COMPLEMENTIZERS: &[&str] = &[
    "أن", "إن", "بأن", "أنه", "إنه", "أنها", "إنها", "بأنه", "بأنها", "أنهم", "إنهم", "لأن", "وأن", "أننا", "إننا", "بأننا", "أنني", "إنني", "إني", "أني",
];

/// Words between a cue and its content that say where, how or to whom it was said (`في تصريح له`,
/// `قال لـ"الوطن"`); whole word.
pub const FILLERS: &[&str] = &["في", "خلال", "لدى", "أمام", "تصريح", "تصريحات", "كلمة", "كلمته", "كلمتها", "حديث", "حديثه", "حديثها", "له", "لها", "صحفي", "صحفية", "اليوم", "أمس", "مؤتمر", "بيان", "لقاء", "مقابلة", "إلى", "على", "عن", "الصحفيين", "ل", "لـ", "بالقول", "لي", "لنا", "لهم", "فيها", "فيه",
    // `وأشار أيضا إلى`, `وأشارت كذلك إلى أنه`: an adverb between the cue and its preposition.
    "أيضا", "كذلك"];

/// Words that open a circumstance between a cue and its content (`عقب`, `وخلال`, `معلقا`); whole word.
pub const CIRCUMSTANCE_OPENERS: &[&str] = &["عقب", "بعد", "أثناء", "خلال", "وفي", "وخلال", "مساء", "صباح", "وهي", "وهو", "التي", "الذي", "ردا", "معلقا", "تعليقا"];

/// Prepositions of a cue right before its marker (`أشار إلى أن`); whole word.
pub const CUE_PREPOSITIONS: &[&str] = &["إلى", "على", "عن"];

/// Days and times set off by commas between a subject and its statement (`انتقد X، السبت،
/// إنفاق …`); whole word.
pub const TIME_ASIDES: &[&str] = &["السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "اليوم", "أمس", "مساء", "صباح", "الماضي"];

/// Adverbs between a cue and its noun-phrase object (`وأكد ترامب من جديد الثلاثاء نواياه`):
/// `من` here introduces nothing. Phrases of normalized words.
pub const OBJECT_ADVERBS: &[&str] = &["من جديد", "مجددا", "مرة أخرى", "أيضا", "كذلك"];

/// Words that introduce a noun-phrase statement after its cue (`مشيرا إلى …`); whole word.
pub const OBJECT_INTRODUCERS: &[&str] = &["إلى", "على", "عن", "من", "بأن", "ب"];

/// Words that open a clause, not a noun-phrase subject: after a subjectless cue they start
/// its content with no marker (`وقال هذه الدول أنفقت …`, `وأوضحت كانت بدايتها …`); whole word.
pub const CLAUSE_STARTERS: &[&str] = &[
    "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "هناك", "هنا", "نحن", "أنا", "هو", "هي", "هم", "لقد", "قد", "لا", "لم", "لن", "ليس", "ليست",
    "ما", "إذا", "إذ", "عندما", "حين", "حينما", "لو", "كل", "كان", "كانت", "يجب", "يمكن", "إننا", "إنني", "لدينا", "علينا", "ثمة",
];

/// Words before quotation marks that hold a name, not a statement (`لصحيفة "…"`, `شركة «…»`,
/// `تحت شعار "…"`); whole word or host, so `لشبكة` counts as `شبكة`.
pub const NAME_INTRODUCERS: &[&str] = &[
    "ل", "لـ", "صحيفة", "جريدة", "شبكة", "قناة", "مجلة", "محطة", "وكالة", "موقع", "إذاعة", "شركة", "حزب", "مبادرة", "برنامج", "شعار",
    "بعنوان", "عنوان", "منصة", "منصات", "تطبيق", "مسلسل", "فيلم", "كتاب", "رواية", "أغنية", "جمعية", "مؤسسة", "مجموعة", "حملة", "مهرجان",
    "مؤتمر", "منتدى", "مشروع", "عملية", "جبهة", "حركة", "تنظيم", "فريق", "نادي", "مسابقة", "جائزة", "بطولة", "اسم", "مع", "الموقع", "تحالف", "ائتلاف", "اتحاد", "هيئة", "لجنة",
];

/// Demonstratives that may open a noun-phrase statement (`مثمنا هذا الدعم`), though stopwords; whole word.
pub const DEMONSTRATIVES: &[&str] = &["هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين", "هؤلاء"];

/// Words inside a title that stands for a person (`المتحدث باسم …`, `المبعوث إلى …`); whole word.
pub const TITLE_CONNECTIVES: &[&str] = &["باسم", "إلى", "في", "لدى", "على"];

/// The writer's attribution at the end of a statement, outside its content (`…، بحسب تعبيره`).
pub const TRAILING_ATTRIBUTIONS: &[&str] = &[
    "بحسب تعبيره", "بحسب تعبيرها", "حسب تعبيره", "حسب تعبيرها", "على حد تعبيره", "على حد تعبيرها", "على حد قوله", "على حد قولها",
    "بحسب قوله", "بحسب قولها", "حسب قوله", "حسب قولها", "وفق تعبيره", "وفق تعبيرها", "وفق قوله", "وفق قولها", "على حد وصفه", "على حد وصفها",
];

/// The writer's aside after a comma, which ends an indirect statement (`…، في إشارة إلى …`).
pub const WRITER_ASIDES: &[&str] = &["في إشارة إلى", "في إشارة"];

/// Relative pronouns right before a cue: their antecedent is its subject, and the noun after
/// the cue its object (`X، الذي وصف السعودية بـ…`); whole word.
pub const SUBJECT_RELATIVES: &[&str] = &["الذي", "التي"];

/// Relatives right before a cue that stand for nobody named (`من الشرفيين من طالب بـ…`,
/// `ليس هناك ما يشير إلى أن …`); whole word.
pub const UNNAMED_RELATIVES: &[&str] = &["ما", "من", "مما", "لما"];

/// The preposition before the source of relayed speech (`نقلت X عن Y قوله`); whole word.
pub const RELAY_SOURCE_PREPOSITIONS: &[&str] = &["عن"];

/// `ب` written apart before a description (`وصف السعودية بـ "…"`); whole word.
pub const DESCRIPTION_PREPOSITIONS: &[&str] = &["ب", "بـ"];

/// Endings in alef that are pronoun suffixes or function words, not an accusative's tanween
/// (`معها`, `لنا`, `كما`): a participle after them is no adjective.
pub const ALEF_ENDINGS_NOT_ACCUSATIVE: &[&str] = &["ها", "نا", "ما"];

/// Particles that may stand between a subject written before its cue and the cue
/// (`أما X فقد قال`); whole word.
pub const TOPIC_PARTICLES: &[&str] = &["أما", "فقد", "قد", "وقد", "فإن", "الذي", "التي"];

/// `أما` opens a topic that a later `ف` resumes (`أما X الذي … فقد أبدى`); whole word.
pub const TOPIC_OPENERS: &[&str] = &["أما"];
/// Words with the resuming `ف` before a cue (`فقد أكد`); whole word.
pub const TOPIC_RESUMERS: &[&str] = &["فقد", "فإنه", "فإنها"];

/// Connectives after which a cue starts a new statement (`لكنه لفت إلى أن`, `كما أكد`); whole word.
pub const CONNECTIVES: &[&str] = &["لكنه", "لكنها", "لكن", "كما", "ثم", "فيما", "بينما", "حيث"];

/// Connectives of several words, matched word by word (whole words) right before a cue (`إلا أنه قال`).
pub const CONNECTIVE_PHRASES: &[&str] = &["إلا أنه"];

// ---- entities: words the name rules read ---------------------------------------------
// Matched on the host (clitics removed), as the rules read every word.

/// Relative words before a cue: `مما أضاف لي` has no named subject after the cue; host.
pub const RELATIVES: &[&str] = &["ما", "مما", "الذي", "التي", "كما"];

/// Particles after a word that make it a first name (`نبيل بن`, `سامر عبد الكريم`); host.
pub const NAME_OPENING_PARTICLES: &[&str] = &["بن", "بنت", "ابن", "عبد", "ابو"];

/// Particles that start a name and need the word they govern (`أبو عودة`, `عبد الله`); host.
pub const NAME_STARTING_PARTICLES: &[&str] = &["ابو", "عبد", "ال", "ام"];

/// Adjectives that describe an institution without naming it (`المركز الجديد`); host.
pub const GENERIC_ADJECTIVES: &[&str] = &["الجديد", "الجديده", "الجديدة", "الاول", "الاولي", "الثاني", "الثانية", "الثالث", "الرابع", "الخامس", "المقبل", "الحالي", "الماضي", "المذكور", "نفسه", "ذاته", "الكبير", "الكبري", "المعنية", "المعني", "المختصة",
    // A body described, not named (`الاتحاد المحلي`, `المجموعة المسلحة`, `المجلس الوطني التابع …`).
    "الوطني", "الوطنية", "المحلي", "المحلية", "المسلحة", "الانفصالية", "التابع", "التابعة"];

/// Cue lemmas whose noun-phrase object is itself the reported statement (`مثمنا مواقف …`);
/// compared with [`crate::cues::CueInfo::lemma`].
pub const STATEMENT_OBJECT_LEMMAS: &[&str] = &["ثمن", "أعلن", "أشاد", "أعرب", "طالب", "دعا", "نفى", "حذر", "أكد", "شدد", "وصف", "أشار", "نوه", "لفت", "استبعد", "حث", "اتهم", "انتقد", "أبدى", "رحب", "وعد", "كشف", "أفاد", "بين", "توقع", "تعهد", "تحدث", "قلل", "أثنى", "أنكر", "أخفى", "ندد", "أدان"];

/// Cue lemmas that count only with their preposition (`قلل من أهمية …`, `تحدث عن …`;
/// `قلل الفارق` is a score).
pub const PREPOSITION_ONLY_LEMMAS: &[&str] = &["قلل", "تحدث", "تطرق", "أثنى"];

/// A headline that opens with one of these names who attended or sponsored (`بحضور وزير X:`),
/// not who speaks after the colon.
pub const PRESENCE_OPENERS: &[&str] = &["بحضور", "برعاية", "بمشاركة", "تحت"];

/// `كان` and its forms, which put the subject before a perfect verb (`وكان X دعا …`).
pub const KANA_FORMS: &[&str] = &["كان", "وكان", "كانت", "وكانت", "فكان", "فكانت"];

/// `أكد فيها`, `رحب فيه`: the pronoun that ties a cue to the tweet or speech before it.
pub const RESUMPTIVE_IN: &[&str] = &["فيها", "فيه"];

/// Quantifiers before a definite noun (`جميع اللاعبين`, `كافة المواطنين`): one noun phrase.
pub const QUANTIFIERS: &[&str] = &["جميع", "كل", "كافة", "مختلف"];

/// Words that govern a noun, never a finite verb: a perfect cue right after one is its verbal
/// noun (`مع تعهد كوريا الشمالية بالعودة`, `مقابل تعهد واشنطن ببناء …`), no statement.
pub const NOUN_GOVERNORS: &[&str] = &["مع", "مقابل", "بعد", "عقب", "إثر", "رغم", "منذ", "حول", "بشأن", "وسط", "لدى"];

/// `يتخذ من موسكو مقرا`: after these verbs (a few words back) an accusative that spells a
/// participle cue is its object noun (`مقرا` "seat", not "acknowledging").
pub const TAKE_AS_VERBS: &[&str] = &["يتخذ", "تتخذ", "اتخذ", "اتخذت", "يتخذون", "اتخذوا"];

/// Cue lemmas whose imperfect straight before a complementizer, with no subject, is the
/// impersonal "it is expected that" (`ويتوقع أن تكون …`), not a statement.
pub const IMPERSONAL_LEMMAS: &[&str] = &["توقع", "رجح"];

/// Cue lemmas whose first object is who or what is described, and the statement follows
/// `ب` (`وصف X الخطوة برسالة …`, `اتهم X بأنه …`, `وصف السعودية بـ"…"`).
pub const DESCRIBED_AS_LEMMAS: &[&str] = &["وصف", "اتهم"];
