package drafts

// Labels are the fixed texts of the outputs in one language. The Thai and
// Burmese texts were written for Haven and should be read by native
// speakers before a public print run, like every translation.
type Labels struct {
	Lang, LangName string
	// ListSep joins the items of a list, Stop the sentences of a fact.
	ListSep, Stop string

	Version, InfoAsOf, TestingBanner, Contents, WhereToGetHelp, Anywhere, OtherAreas  string
	Contact, Hours, Cost, Who, Languages, HowToGetIn, Address, Area, PlaceWithheld    string
	Accessibility, TempClosed, LastChecked, NotChecked, AlsoListed, Interpreter       string
	EveryDay24, Hours24, WalkIn, Referral, WhoCanRefer, NextStep, Bring, ResponseTime string

	Channels map[string]string // by channel kind
	Costs    map[string]string // by cost kind
	Days     map[string]string // by week day code, short

	Everyone, WomenGirls, MenBoys, Women, Girls, Men, Boys, Adults, Children, People string
	AgeRange, AgeFrom, AgeTo                                                         string // with %d
	LGBTQI, OnlyFor, ForSurvivorsOf                                                  string
	LegalStatuses, Forms, VictimStatuses                                             map[string]string
	LanguageNames                                                                    map[string]string
	ServiceNames                                                                     map[string]string // top-level codes, when the taxonomy has none in this language

	HowToTitle string
	HowToBody  string

	Search, SearchHint, Service, AllServices, AllAreas, ShownOf, NoMatch, OfflineReady, Clear string
	CardTitle, EmergencyNumbers, Hotlines, KeepSafe, Call, MoreNumbers                        string
	MadeWith, Print, PrintA4, PrintA5                                                         string
}

// months are the month names, by language.
var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"th": {"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"},
	"my": {"ဇန်နဝါရီ", "ဖေဖော်ဝါရီ", "မတ်", "ဧပြီ", "မေ", "ဇွန်", "ဇူလိုင်", "ဩဂုတ်", "စက်တင်ဘာ", "အောက်တိုဘာ", "နိုဝင်ဘာ", "ဒီဇင်ဘာ"},
}

var labels = map[string]*Labels{
	"en": {
		Lang: "en", LangName: "English", ListSep: ", ", Stop: ". ",
		Version: "Version", InfoAsOf: "Information as of", TestingBanner: "Draft for testing — not for distribution",
		Contents: "Contents", WhereToGetHelp: "Where to get help", Anywhere: "Hotlines you can call from anywhere", OtherAreas: "Other areas",
		Contact: "Contact", Hours: "Open", Cost: "Cost", Who: "Who can come", Languages: "Languages", HowToGetIn: "How to get in",
		Address: "Address", Area: "Area", PlaceWithheld: "Address not shown, to keep people there safe — call first",
		Accessibility: "Access", TempClosed: "Temporarily closed", LastChecked: "Last checked", NotChecked: "Not yet checked",
		AlsoListed: "details under", Interpreter: "Interpreter available",
		EveryDay24: "Open 24 hours, every day", Hours24: "24 hours", WalkIn: "Walk in, no appointment needed",
		Referral: "Referral needed", WhoCanRefer: "Who can refer", NextStep: "First step", Bring: "Bring", ResponseTime: "Answers within",
		Channels: map[string]string{"phone": "Phone", "hotline": "Hotline", "whatsapp": "WhatsApp", "line": "LINE", "viber": "Viber",
			"facebook": "Facebook", "telegram": "Telegram", "email": "E-mail", "website": "Website", "other": "Other"},
		Costs:    map[string]string{"free": "Free", "fee": "A fee is charged", "conditions": "Free under conditions"},
		Days:     map[string]string{"mo": "Mon", "tu": "Tue", "we": "Wed", "th": "Thu", "fr": "Fri", "sa": "Sat", "su": "Sun"},
		Everyone: "Everyone", WomenGirls: "Women and girls", MenBoys: "Men and boys", Women: "Women", Girls: "Girls", Men: "Men",
		Boys: "Boys", Adults: "Adults", Children: "Children", People: "People",
		AgeRange: "aged %d–%d", AgeFrom: "aged %d and over", AgeTo: "aged %d and under",
		LGBTQI: "LGBTQI+ people welcome", OnlyFor: "Only for", ForSurvivorsOf: "For survivors of",
		LegalStatuses: map[string]string{"national": "nationals", "foreign_national": "foreign nationals", "stateless_undocumented": "stateless or undocumented people"},
		Forms: map[string]string{"sexual_exploitation": "sexual exploitation", "forced_labour": "forced labour", "forced_marriage": "forced marriage",
			"domestic_servitude": "domestic servitude", "fishing_maritime": "forced labour at sea or in fishing",
			"forced_criminality": "forced criminality (including scam compounds)", "organ_removal": "organ removal"},
		VictimStatuses: map[string]string{"presumed": "For people who may be victims of trafficking", "identified": "Only for people formally identified as victims"},
		LanguageNames: map[string]string{"en": "English", "th": "Thai", "my": "Burmese", "km": "Khmer", "lo": "Lao", "vi": "Vietnamese",
			"ms": "Malay", "id": "Indonesian", "tl": "Filipino", "zh": "Chinese", "shn": "Shan", "kar": "Karen"},
		HowToTitle: "How to use this directory",
		HowToBody: "Services are grouped by area, then by the kind of help they give. Each entry says how to contact it, when it is open, " +
			"what it costs, who can come, the languages spoken and how to get in.\n\n" +
			"- Call or send a message before you go: hours and places can change.\n" +
			"- Some places do not show their address, to keep the people staying there safe. Call them and they will tell you where to go.\n" +
			"- Emergency numbers and hotlines are on the first pages.",
		Search: "Search", SearchHint: "A name, a place or a word", Service: "Kind of help", AllServices: "All kinds of help",
		AllAreas: "All areas", ShownOf: "%d of %d services shown", NoMatch: "No service matches your search.",
		OfflineReady: "Saved on this phone: this page works without internet now.", Clear: "Clear search",
		CardTitle: "Help numbers", EmergencyNumbers: "Emergency numbers", Hotlines: "Hotlines", KeepSafe: "Keep this card where you can find it, and where others cannot.",
		MoreNumbers: "More numbers are in the booklet and the web directory.",
		Call:        "Call", MadeWith: "Made with Haven", Print: "Print", PrintA4: "Print (A4)", PrintA5: "Print (A5)",
	},
	"th": {
		Lang: "th", LangName: "ไทย", ListSep: ", ", Stop: " · ",
		Version: "ฉบับที่", InfoAsOf: "ข้อมูล ณ วันที่", TestingBanner: "ฉบับร่างเพื่อทดสอบ — ห้ามเผยแพร่",
		Contents: "สารบัญ", WhereToGetHelp: "แหล่งความช่วยเหลือ", Anywhere: "สายด่วนที่โทรได้จากทุกที่", OtherAreas: "พื้นที่อื่น",
		Contact: "ติดต่อ", Hours: "เวลาทำการ", Cost: "ค่าใช้จ่าย", Who: "ผู้ที่รับบริการได้", Languages: "ภาษา", HowToGetIn: "วิธีเข้ารับบริการ",
		Address: "ที่อยู่", Area: "พื้นที่", PlaceWithheld: "ไม่แสดงที่อยู่เพื่อความปลอดภัยของผู้ที่พักอยู่ — โปรดโทรก่อน",
		Accessibility: "การเข้าถึง", TempClosed: "ปิดชั่วคราว", LastChecked: "ตรวจสอบล่าสุด", NotChecked: "ยังไม่ได้ตรวจสอบ",
		AlsoListed: "ดูรายละเอียดใน", Interpreter: "มีล่าม",
		EveryDay24: "เปิด 24 ชั่วโมง ทุกวัน", Hours24: "24 ชั่วโมง", WalkIn: "เดินเข้ามาได้เลย ไม่ต้องนัด",
		Referral: "ต้องมีการส่งต่อ", WhoCanRefer: "ผู้ที่ส่งต่อได้", NextStep: "ขั้นตอนแรก", Bring: "สิ่งที่ต้องนำมา", ResponseTime: "ตอบกลับภายใน",
		Channels: map[string]string{"phone": "โทรศัพท์", "hotline": "สายด่วน", "whatsapp": "WhatsApp", "line": "LINE", "viber": "Viber",
			"facebook": "Facebook", "telegram": "Telegram", "email": "อีเมล", "website": "เว็บไซต์", "other": "อื่น ๆ"},
		Costs:    map[string]string{"free": "ฟรี", "fee": "มีค่าใช้จ่าย", "conditions": "ฟรีตามเงื่อนไข"},
		Days:     map[string]string{"mo": "จ.", "tu": "อ.", "we": "พ.", "th": "พฤ.", "fr": "ศ.", "sa": "ส.", "su": "อา."},
		Everyone: "ทุกคน", WomenGirls: "ผู้หญิงและเด็กหญิง", MenBoys: "ผู้ชายและเด็กชาย", Women: "ผู้หญิง", Girls: "เด็กหญิง", Men: "ผู้ชาย",
		Boys: "เด็กชาย", Adults: "ผู้ใหญ่", Children: "เด็ก", People: "ผู้ที่",
		AgeRange: "อายุ %d–%d ปี", AgeFrom: "อายุ %d ปีขึ้นไป", AgeTo: "อายุไม่เกิน %d ปี",
		LGBTQI: "ยินดีต้อนรับผู้มีความหลากหลายทางเพศ (LGBTQI+)", OnlyFor: "เฉพาะ", ForSurvivorsOf: "สำหรับผู้เสียหายจาก",
		LegalStatuses: map[string]string{"national": "ผู้มีสัญชาติ", "foreign_national": "ชาวต่างชาติ", "stateless_undocumented": "ผู้ไร้สัญชาติหรือไม่มีเอกสาร"},
		Forms: map[string]string{"sexual_exploitation": "การแสวงประโยชน์ทางเพศ", "forced_labour": "การบังคับใช้แรงงาน", "forced_marriage": "การบังคับแต่งงาน",
			"domestic_servitude": "การบังคับเป็นคนรับใช้ในบ้าน", "fishing_maritime": "การบังคับใช้แรงงานในเรือประมงหรือทางทะเล",
			"forced_criminality": "การบังคับให้กระทำผิด (รวมถึงแก๊งคอลเซ็นเตอร์)", "organ_removal": "การตัดอวัยวะ"},
		VictimStatuses: map[string]string{"presumed": "สำหรับผู้ที่อาจเป็นผู้เสียหายจากการค้ามนุษย์", "identified": "เฉพาะผู้ที่ได้รับการคัดแยกว่าเป็นผู้เสียหายแล้ว"},
		LanguageNames: map[string]string{"en": "อังกฤษ", "th": "ไทย", "my": "พม่า", "km": "เขมร", "lo": "ลาว", "vi": "เวียดนาม",
			"ms": "มลายู", "id": "อินโดนีเซีย", "tl": "ฟิลิปปินส์", "zh": "จีน", "shn": "ไทใหญ่", "kar": "กะเหรี่ยง"},
		HowToTitle: "วิธีใช้สมุดรายชื่อนี้",
		HowToBody: "บริการจัดเรียงตามพื้นที่ แล้วตามประเภทความช่วยเหลือ แต่ละรายการบอกวิธีติดต่อ เวลาทำการ ค่าใช้จ่าย ผู้ที่รับบริการได้ " +
			"ภาษาที่ใช้ และวิธีเข้ารับบริการ\n\n" +
			"- โปรดโทรหรือส่งข้อความก่อนไป เพราะเวลาและสถานที่อาจเปลี่ยนแปลงได้\n" +
			"- บางแห่งไม่แสดงที่อยู่ เพื่อความปลอดภัยของผู้ที่พักอยู่ โทรไปแล้วเจ้าหน้าที่จะบอกทางให้\n" +
			"- หมายเลขฉุกเฉินและสายด่วนอยู่ในหน้าแรก ๆ",
		Search: "ค้นหา", SearchHint: "ชื่อ สถานที่ หรือคำ", Service: "ประเภทความช่วยเหลือ", AllServices: "ทุกประเภท",
		AllAreas: "ทุกพื้นที่", ShownOf: "แสดง %d จาก %d บริการ", NoMatch: "ไม่พบบริการที่ตรงกับการค้นหา",
		OfflineReady: "บันทึกไว้ในโทรศัพท์แล้ว: หน้านี้ใช้ได้แม้ไม่มีอินเทอร์เน็ต", Clear: "ล้างการค้นหา",
		CardTitle: "หมายเลขขอความช่วยเหลือ", EmergencyNumbers: "หมายเลขฉุกเฉิน", Hotlines: "สายด่วน", KeepSafe: "เก็บบัตรนี้ไว้ในที่ที่คุณหาเจอ แต่ผู้อื่นหาไม่เจอ",
		MoreNumbers: "ดูหมายเลขอื่น ๆ ได้ในคู่มือและสมุดรายชื่อบนเว็บ",
		Call:        "โทร", MadeWith: "จัดทำด้วย Haven", Print: "พิมพ์", PrintA4: "พิมพ์ (A4)", PrintA5: "พิมพ์ (A5)",
		ServiceNames: map[string]string{},
	},
	"my": {
		Lang: "my", LangName: "မြန်မာ", ListSep: "၊ ", Stop: "။ ",
		Version: "ဗားရှင်း", InfoAsOf: "သတင်းအချက်အလက် ရက်စွဲ", TestingBanner: "စမ်းသပ်ရန် မူကြမ်း — မဖြန့်ဝေရ",
		Contents: "မာတိကာ", WhereToGetHelp: "အကူအညီ ရနိုင်သည့်နေရာများ", Anywhere: "မည်သည့်နေရာမှမဆို ခေါ်ဆိုနိုင်သော ဖုန်းလိုင်းများ", OtherAreas: "အခြားဒေသများ",
		Contact: "ဆက်သွယ်ရန်", Hours: "ဖွင့်ချိန်", Cost: "ကုန်ကျစရိတ်", Who: "လာရောက်နိုင်သူ", Languages: "ဘာသာစကား", HowToGetIn: "ဝန်ဆောင်မှု ရယူပုံ",
		Address: "လိပ်စာ", Area: "ဒေသ", PlaceWithheld: "ထိုနေရာရှိ လူများ၏ လုံခြုံရေးအတွက် လိပ်စာ မဖော်ပြပါ — ဦးစွာ ဖုန်းဆက်ပါ",
		Accessibility: "လက်လှမ်းမီမှု", TempClosed: "ယာယီ ပိတ်ထားသည်", LastChecked: "နောက်ဆုံး စစ်ဆေးသည့်နေ့", NotChecked: "မစစ်ဆေးရသေးပါ",
		AlsoListed: "အသေးစိတ်ကို ကြည့်ရန်", Interpreter: "စကားပြန် ရနိုင်သည်",
		EveryDay24: "နေ့တိုင်း ၂၄ နာရီ ဖွင့်သည်", Hours24: "၂၄ နာရီ", WalkIn: "ချိန်းဆိုရန်မလိုဘဲ တိုက်ရိုက် လာနိုင်သည်",
		Referral: "လွှဲပြောင်းပေးမှု လိုအပ်သည်", WhoCanRefer: "လွှဲပြောင်းပေးနိုင်သူ", NextStep: "ပထမအဆင့်", Bring: "ယူလာရန်", ResponseTime: "တုံ့ပြန်ချိန်",
		Channels: map[string]string{"phone": "ဖုန်း", "hotline": "အရေးပေါ်ဖုန်းလိုင်း", "whatsapp": "WhatsApp", "line": "LINE", "viber": "Viber",
			"facebook": "Facebook", "telegram": "Telegram", "email": "အီးမေးလ်", "website": "ဝက်ဘ်ဆိုက်", "other": "အခြား"},
		Costs:    map[string]string{"free": "အခမဲ့", "fee": "အခကြေးငွေ ပေးရသည်", "conditions": "သတ်မှတ်ချက်ဖြင့် အခမဲ့"},
		Days:     map[string]string{"mo": "တနင်္လာ", "tu": "အင်္ဂါ", "we": "ဗုဒ္ဓဟူး", "th": "ကြာသပတေး", "fr": "သောကြာ", "sa": "စနေ", "su": "တနင်္ဂနွေ"},
		Everyone: "လူတိုင်း", WomenGirls: "အမျိုးသမီးများနှင့် မိန်းကလေးများ", MenBoys: "အမျိုးသားများနှင့် ယောက်ျားလေးများ", Women: "အမျိုးသမီးများ",
		Girls: "မိန်းကလေးများ", Men: "အမျိုးသားများ", Boys: "ယောက်ျားလေးများ", Adults: "လူကြီးများ", Children: "ကလေးများ", People: "လူများ",
		AgeRange: "အသက် %d–%d နှစ်", AgeFrom: "အသက် %d နှစ်နှင့်အထက်", AgeTo: "အသက် %d နှစ်အထိ",
		LGBTQI: "LGBTQI+ လူများကို ကြိုဆိုသည်", OnlyFor: "သီးသန့်", ForSurvivorsOf: "အောက်ပါတို့ကို ခံစားခဲ့ရသူများအတွက်",
		LegalStatuses: map[string]string{"national": "နိုင်ငံသားများ", "foreign_national": "နိုင်ငံခြားသားများ", "stateless_undocumented": "နိုင်ငံမဲ့ သို့မဟုတ် စာရွက်စာတမ်းမရှိသူများ"},
		Forms: map[string]string{"sexual_exploitation": "လိင်ပိုင်းဆိုင်ရာ အမြတ်ထုတ်ခံရခြင်း", "forced_labour": "အဓမ္မ လုပ်အားပေးခိုင်းစေခြင်း",
			"forced_marriage": "အဓမ္မ လက်ထပ်ခိုင်းခြင်း", "domestic_servitude": "အိမ်အကူအဖြစ် ကျွန်ပြုခံရခြင်း",
			"fishing_maritime": "ငါးဖမ်းလုပ်ငန်းနှင့် ပင်လယ်ပြင်တွင် အဓမ္မ ခိုင်းစေခြင်း", "forced_criminality": "ရာဇဝတ်မှု အဓမ္မ ကျူးလွန်ခိုင်းခြင်း (လိမ်လည်မှုစခန်းများ အပါအဝင်)",
			"organ_removal": "ကိုယ်တွင်းအင်္ဂါ ထုတ်ယူခြင်း"},
		VictimStatuses: map[string]string{"presumed": "လူကုန်ကူးခံရသူ ဖြစ်နိုင်သူများအတွက်", "identified": "လူကုန်ကူးခံရသူအဖြစ် တရားဝင် သတ်မှတ်ခံရသူများအတွက်သာ"},
		LanguageNames: map[string]string{"en": "အင်္ဂလိပ်", "th": "ထိုင်း", "my": "မြန်မာ", "km": "ခမာ", "lo": "လာအို", "vi": "ဗီယက်နမ်",
			"ms": "မလေး", "id": "အင်ဒိုနီးရှား", "tl": "ဖိလစ်ပိုင်", "zh": "တရုတ်", "shn": "ရှမ်း", "kar": "ကရင်"},
		HowToTitle: "ဤလမ်းညွှန်ကို အသုံးပြုပုံ",
		HowToBody: "ဝန်ဆောင်မှုများကို ဒေသအလိုက်၊ ထို့နောက် အကူအညီအမျိုးအစားအလိုက် စီထားသည်။ စာရင်းတစ်ခုစီတွင် ဆက်သွယ်ပုံ၊ ဖွင့်ချိန်၊ " +
			"ကုန်ကျစရိတ်၊ လာရောက်နိုင်သူ၊ ပြောဆိုသည့် ဘာသာစကားနှင့် ဝန်ဆောင်မှု ရယူပုံတို့ကို ဖော်ပြထားသည်။\n\n" +
			"- မသွားမီ ဖုန်းဆက်ပါ သို့မဟုတ် မက်ဆေ့ချ် ပို့ပါ။ ဖွင့်ချိန်နှင့် နေရာ ပြောင်းလဲနိုင်သည်။\n" +
			"- အချို့နေရာများသည် ထိုနေရာရှိ လူများ၏ လုံခြုံရေးအတွက် လိပ်စာကို မဖော်ပြပါ။ ဖုန်းဆက်လျှင် သွားရမည့်နေရာကို ပြောပြပါလိမ့်မည်။\n" +
			"- အရေးပေါ်ဖုန်းနံပါတ်များနှင့် ဖုန်းလိုင်းများကို ရှေ့ဆုံးစာမျက်နှာများတွင် ဖော်ပြထားသည်။",
		Search: "ရှာဖွေရန်", SearchHint: "အမည်၊ နေရာ သို့မဟုတ် စကားလုံး", Service: "အကူအညီ အမျိုးအစား", AllServices: "အမျိုးအစားအားလုံး",
		AllAreas: "ဒေသအားလုံး", ShownOf: "ဝန်ဆောင်မှု %d ခု ပြသထားသည် (စုစုပေါင်း %d ခု)", NoMatch: "ရှာဖွေမှုနှင့် ကိုက်ညီသော ဝန်ဆောင်မှု မရှိပါ။",
		OfflineReady: "ဤဖုန်းတွင် သိမ်းပြီးပါပြီ — အင်တာနက်မရှိလည်း ဤစာမျက်နှာကို သုံးနိုင်သည်။", Clear: "ရှာဖွေမှု ရှင်းရန်",
		CardTitle: "အကူအညီ ဖုန်းနံပါတ်များ", EmergencyNumbers: "အရေးပေါ်ဖုန်းနံပါတ်များ", Hotlines: "ဖုန်းလိုင်းများ",
		KeepSafe:    "ဤကတ်ကို သင်ရှာတွေ့နိုင်ပြီး အခြားသူများ မတွေ့နိုင်သည့်နေရာတွင် သိမ်းထားပါ။",
		MoreNumbers: "နောက်ထပ် ဖုန်းနံပါတ်များကို လမ်းညွှန်စာအုပ်နှင့် ဝက်ဘ်ဆိုက်တွင် ကြည့်ပါ။",
		Call:        "ခေါ်ရန်", MadeWith: "Haven ဖြင့် ပြုလုပ်သည်", Print: "ပုံနှိပ်ရန်", PrintA4: "ပုံနှိပ်ရန် (A4)", PrintA5: "ပုံနှိပ်ရန် (A5)",
		ServiceNames: map[string]string{
			"accommodation": "ဘေးကင်းသော နေရာထိုင်ခင်းနှင့် ခိုလှုံရာ", "medical": "ဆေးဘက်ဆိုင်ရာ စောင့်ရှောက်မှု",
			"mental_health": "စိတ်လူမှု ပံ့ပိုးမှုနှင့် အကြံပေးခြင်း", "legal_aid": "ဥပဒေ အကူအညီနှင့် ကိုယ်စားလှယ်",
			"interpretation": "စကားပြန်နှင့် ဘာသာပြန်", "case_management": "ကိစ္စ စီမံခန့်ခွဲမှုနှင့် လွှဲပြောင်းပေးခြင်း",
			"hotline": "အရေးပေါ် ဖုန်းလိုင်းနှင့် အကူအညီလိုင်း", "repatriation": "နေရပ်သို့ ဘေးကင်းစွာ ပြန်ပို့ပေးခြင်း",
			"reintegration":  "ပြန်လည် ပေါင်းစည်းခြင်း (ပညာရေး၊ အသက်မွေးဝမ်းကျောင်း သင်တန်း၊ အလုပ်အကိုင်)",
			"family_tracing": "မိသားစု ရှာဖွေခြင်းနှင့် ပြန်လည်ဆုံစည်းခြင်း", "documentation": "ကိုယ်ပိုင်အထောက်အထားနှင့် ခရီးသွား စာရွက်စာတမ်းများ",
			"financial": "ငွေကြေးနှင့် ပစ္စည်း အကူအညီ", "child_protection": "ကလေး ကာကွယ်စောင့်ရှောက်မှုနှင့် အုပ်ထိန်းမှု",
			"law_enforcement": "လူကုန်ကူးခံရသူ ခွဲခြားသတ်မှတ်ခြင်းနှင့် ရဲ ဆက်သွယ်ရေး", "labour_rights": "အလုပ်သမား အခွင့်အရေးနှင့် လျော်ကြေး တောင်းဆိုခြင်း",
			"consular": "သံရုံး/ကောင်စစ်ဝန် အကူအညီ"},
	},
}

// LabelsFor returns the fixed texts in lang, English for a language they
// do not exist in.
func LabelsFor(lang string) *Labels {
	if l, ok := labels[lang]; ok {
		return l
	}
	return labels["en"]
}
