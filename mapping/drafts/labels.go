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

// labels are the fixed texts of each language of Languages.
var labels = map[string]*Labels{"en": labelsIn("en"), "th": labelsIn("th"), "my": labelsIn("my")}

// tr is one text in English, Thai and Burmese. Each text of Labels is
// written once, its translations side by side, so that none can be
// forgotten: a literal of tr must give all three.
type tr struct{ en, th, my string }

func (t tr) in(lang string) string {
	switch lang {
	case "th":
		return t.th
	case "my":
		return t.my
	}
	return t.en
}

// labelsIn picks the fixed texts of lang out of their translations.
func labelsIn(lang string) *Labels {
	t := func(en, th, my string) string { return tr{en, th, my}.in(lang) }
	m := func(texts map[string]tr) map[string]string {
		out := make(map[string]string, len(texts))
		for k, text := range texts {
			out[k] = text.in(lang)
		}
		return out
	}
	return &Labels{
		Lang:           lang,
		LangName:       t("English", "ไทย", "မြန်မာ"),
		ListSep:        t(", ", ", ", "၊ "),
		Stop:           t(". ", " · ", "။ "),
		Version:        t("Version", "ฉบับที่", "ဗားရှင်း"),
		InfoAsOf:       t("Information as of", "ข้อมูล ณ วันที่", "သတင်းအချက်အလက် ရက်စွဲ"),
		TestingBanner:  t("Draft for testing — not for distribution", "ฉบับร่างเพื่อทดสอบ — ห้ามเผยแพร่", "စမ်းသပ်ရန် မူကြမ်း — မဖြန့်ဝေရ"),
		Contents:       t("Contents", "สารบัญ", "မာတိကာ"),
		WhereToGetHelp: t("Where to get help", "แหล่งความช่วยเหลือ", "အကူအညီ ရနိုင်သည့်နေရာများ"),
		Anywhere:       t("Hotlines you can call from anywhere", "สายด่วนที่โทรได้จากทุกที่", "မည်သည့်နေရာမှမဆို ခေါ်ဆိုနိုင်သော ဖုန်းလိုင်းများ"),
		OtherAreas:     t("Other areas", "พื้นที่อื่น", "အခြားဒေသများ"),
		Contact:        t("Contact", "ติดต่อ", "ဆက်သွယ်ရန်"),
		Hours:          t("Open", "เวลาทำการ", "ဖွင့်ချိန်"),
		Cost:           t("Cost", "ค่าใช้จ่าย", "ကုန်ကျစရိတ်"),
		Who:            t("Who can come", "ผู้ที่รับบริการได้", "လာရောက်နိုင်သူ"),
		Languages:      t("Languages", "ภาษา", "ဘာသာစကား"),
		HowToGetIn:     t("How to get in", "วิธีเข้ารับบริการ", "ဝန်ဆောင်မှု ရယူပုံ"),
		Address:        t("Address", "ที่อยู่", "လိပ်စာ"),
		Area:           t("Area", "พื้นที่", "ဒေသ"),
		PlaceWithheld:  t("Address not shown, to keep people there safe — call first", "ไม่แสดงที่อยู่เพื่อความปลอดภัยของผู้ที่พักอยู่ — โปรดโทรก่อน", "ထိုနေရာရှိ လူများ၏ လုံခြုံရေးအတွက် လိပ်စာ မဖော်ပြပါ — ဦးစွာ ဖုန်းဆက်ပါ"),
		Accessibility:  t("Access", "การเข้าถึง", "လက်လှမ်းမီမှု"),
		TempClosed:     t("Temporarily closed", "ปิดชั่วคราว", "ယာယီ ပိတ်ထားသည်"),
		LastChecked:    t("Last checked", "ตรวจสอบล่าสุด", "နောက်ဆုံး စစ်ဆေးသည့်နေ့"),
		NotChecked:     t("Not yet checked", "ยังไม่ได้ตรวจสอบ", "မစစ်ဆေးရသေးပါ"),
		AlsoListed:     t("details under", "ดูรายละเอียดใน", "အသေးစိတ်ကို ကြည့်ရန်"),
		Interpreter:    t("Interpreter available", "มีล่าม", "စကားပြန် ရနိုင်သည်"),
		EveryDay24:     t("Open 24 hours, every day", "เปิด 24 ชั่วโมง ทุกวัน", "နေ့တိုင်း ၂၄ နာရီ ဖွင့်သည်"),
		Hours24:        t("24 hours", "24 ชั่วโมง", "၂၄ နာရီ"),
		WalkIn:         t("Walk in, no appointment needed", "เดินเข้ามาได้เลย ไม่ต้องนัด", "ချိန်းဆိုရန်မလိုဘဲ တိုက်ရိုက် လာနိုင်သည်"),
		Referral:       t("Referral needed", "ต้องมีการส่งต่อ", "လွှဲပြောင်းပေးမှု လိုအပ်သည်"),
		WhoCanRefer:    t("Who can refer", "ผู้ที่ส่งต่อได้", "လွှဲပြောင်းပေးနိုင်သူ"),
		NextStep:       t("First step", "ขั้นตอนแรก", "ပထမအဆင့်"),
		Bring:          t("Bring", "สิ่งที่ต้องนำมา", "ယူလာရန်"),
		ResponseTime:   t("Answers within", "ตอบกลับภายใน", "တုံ့ပြန်ချိန်"),
		Channels: m(map[string]tr{
			"phone":    {"Phone", "โทรศัพท์", "ဖုန်း"},
			"hotline":  {"Hotline", "สายด่วน", "အရေးပေါ်ဖုန်းလိုင်း"},
			"whatsapp": {"WhatsApp", "WhatsApp", "WhatsApp"},
			"line":     {"LINE", "LINE", "LINE"},
			"viber":    {"Viber", "Viber", "Viber"},
			"facebook": {"Facebook", "Facebook", "Facebook"},
			"telegram": {"Telegram", "Telegram", "Telegram"},
			"email":    {"E-mail", "อีเมล", "အီးမေးလ်"},
			"website":  {"Website", "เว็บไซต์", "ဝက်ဘ်ဆိုက်"},
			"other":    {"Other", "อื่น ๆ", "အခြား"},
		}),
		Costs: m(map[string]tr{
			"free":       {"Free", "ฟรี", "အခမဲ့"},
			"fee":        {"A fee is charged", "มีค่าใช้จ่าย", "အခကြေးငွေ ပေးရသည်"},
			"conditions": {"Free under conditions", "ฟรีตามเงื่อนไข", "သတ်မှတ်ချက်ဖြင့် အခမဲ့"},
		}),
		Days: m(map[string]tr{
			"mo": {"Mon", "จ.", "တနင်္လာ"},
			"tu": {"Tue", "อ.", "အင်္ဂါ"},
			"we": {"Wed", "พ.", "ဗုဒ္ဓဟူး"},
			"th": {"Thu", "พฤ.", "ကြာသပတေး"},
			"fr": {"Fri", "ศ.", "သောကြာ"},
			"sa": {"Sat", "ส.", "စနေ"},
			"su": {"Sun", "อา.", "တနင်္ဂနွေ"},
		}),
		Everyone:       t("Everyone", "ทุกคน", "လူတိုင်း"),
		WomenGirls:     t("Women and girls", "ผู้หญิงและเด็กหญิง", "အမျိုးသမီးများနှင့် မိန်းကလေးများ"),
		MenBoys:        t("Men and boys", "ผู้ชายและเด็กชาย", "အမျိုးသားများနှင့် ယောက်ျားလေးများ"),
		Women:          t("Women", "ผู้หญิง", "အမျိုးသမီးများ"),
		Girls:          t("Girls", "เด็กหญิง", "မိန်းကလေးများ"),
		Men:            t("Men", "ผู้ชาย", "အမျိုးသားများ"),
		Boys:           t("Boys", "เด็กชาย", "ယောက်ျားလေးများ"),
		Adults:         t("Adults", "ผู้ใหญ่", "လူကြီးများ"),
		Children:       t("Children", "เด็ก", "ကလေးများ"),
		People:         t("People", "ผู้ที่", "လူများ"),
		AgeRange:       t("aged %d–%d", "อายุ %d–%d ปี", "အသက် %d–%d နှစ်"),
		AgeFrom:        t("aged %d and over", "อายุ %d ปีขึ้นไป", "အသက် %d နှစ်နှင့်အထက်"),
		AgeTo:          t("aged %d and under", "อายุไม่เกิน %d ปี", "အသက် %d နှစ်အထိ"),
		LGBTQI:         t("LGBTQI+ people welcome", "ยินดีต้อนรับผู้มีความหลากหลายทางเพศ (LGBTQI+)", "LGBTQI+ လူများကို ကြိုဆိုသည်"),
		OnlyFor:        t("Only for", "เฉพาะ", "သီးသန့်"),
		ForSurvivorsOf: t("For survivors of", "สำหรับผู้เสียหายจาก", "အောက်ပါတို့ကို ခံစားခဲ့ရသူများအတွက်"),
		LegalStatuses: m(map[string]tr{
			"national":               {"nationals", "ผู้มีสัญชาติ", "နိုင်ငံသားများ"},
			"foreign_national":       {"foreign nationals", "ชาวต่างชาติ", "နိုင်ငံခြားသားများ"},
			"stateless_undocumented": {"stateless or undocumented people", "ผู้ไร้สัญชาติหรือไม่มีเอกสาร", "နိုင်ငံမဲ့ သို့မဟုတ် စာရွက်စာတမ်းမရှိသူများ"},
		}),
		Forms: m(map[string]tr{
			"sexual_exploitation": {"sexual exploitation", "การแสวงประโยชน์ทางเพศ", "လိင်ပိုင်းဆိုင်ရာ အမြတ်ထုတ်ခံရခြင်း"},
			"forced_labour":       {"forced labour", "การบังคับใช้แรงงาน", "အဓမ္မ လုပ်အားပေးခိုင်းစေခြင်း"},
			"forced_marriage":     {"forced marriage", "การบังคับแต่งงาน", "အဓမ္မ လက်ထပ်ခိုင်းခြင်း"},
			"domestic_servitude":  {"domestic servitude", "การบังคับเป็นคนรับใช้ในบ้าน", "အိမ်အကူအဖြစ် ကျွန်ပြုခံရခြင်း"},
			"fishing_maritime":    {"forced labour at sea or in fishing", "การบังคับใช้แรงงานในเรือประมงหรือทางทะเล", "ငါးဖမ်းလုပ်ငန်းနှင့် ပင်လယ်ပြင်တွင် အဓမ္မ ခိုင်းစေခြင်း"},
			"forced_criminality":  {"forced criminality (including scam compounds)", "การบังคับให้กระทำผิด (รวมถึงแก๊งคอลเซ็นเตอร์)", "ရာဇဝတ်မှု အဓမ္မ ကျူးလွန်ခိုင်းခြင်း (လိမ်လည်မှုစခန်းများ အပါအဝင်)"},
			"organ_removal":       {"organ removal", "การตัดอวัยวะ", "ကိုယ်တွင်းအင်္ဂါ ထုတ်ယူခြင်း"},
		}),
		VictimStatuses: m(map[string]tr{
			"presumed":   {"For people who may be victims of trafficking", "สำหรับผู้ที่อาจเป็นผู้เสียหายจากการค้ามนุษย์", "လူကုန်ကူးခံရသူ ဖြစ်နိုင်သူများအတွက်"},
			"identified": {"Only for people formally identified as victims", "เฉพาะผู้ที่ได้รับการคัดแยกว่าเป็นผู้เสียหายแล้ว", "လူကုန်ကူးခံရသူအဖြစ် တရားဝင် သတ်မှတ်ခံရသူများအတွက်သာ"},
		}),
		LanguageNames: m(map[string]tr{
			"en":  {"English", "อังกฤษ", "အင်္ဂလိပ်"},
			"th":  {"Thai", "ไทย", "ထိုင်း"},
			"my":  {"Burmese", "พม่า", "မြန်မာ"},
			"km":  {"Khmer", "เขมร", "ခမာ"},
			"lo":  {"Lao", "ลาว", "လာအို"},
			"vi":  {"Vietnamese", "เวียดนาม", "ဗီယက်နမ်"},
			"ms":  {"Malay", "มลายู", "မလေး"},
			"id":  {"Indonesian", "อินโดนีเซีย", "အင်ဒိုနီးရှား"},
			"tl":  {"Filipino", "ฟิลิปปินส์", "ဖိလစ်ပိုင်"},
			"zh":  {"Chinese", "จีน", "တရုတ်"},
			"shn": {"Shan", "ไทใหญ่", "ရှမ်း"},
			"kar": {"Karen", "กะเหรี่ยง", "ကရင်"},
		}),
		HowToTitle: t("How to use this directory", "วิธีใช้สมุดรายชื่อนี้", "ဤလမ်းညွှန်ကို အသုံးပြုပုံ"),
		HowToBody: t("Services are grouped by area, then by the kind of help they give. Each entry says how to contact it, when it is open, "+
			"what it costs, who can come, the languages spoken and how to get in.\n\n"+
			"- Call or send a message before you go: hours and places can change.\n"+
			"- Some places do not show their address, to keep the people staying there safe. Call them and they will tell you where to go.\n"+
			"- Emergency numbers and hotlines are on the first pages.",
			"บริการจัดเรียงตามพื้นที่ แล้วตามประเภทความช่วยเหลือ แต่ละรายการบอกวิธีติดต่อ เวลาทำการ ค่าใช้จ่าย ผู้ที่รับบริการได้ "+
				"ภาษาที่ใช้ และวิธีเข้ารับบริการ\n\n"+
				"- โปรดโทรหรือส่งข้อความก่อนไป เพราะเวลาและสถานที่อาจเปลี่ยนแปลงได้\n"+
				"- บางแห่งไม่แสดงที่อยู่ เพื่อความปลอดภัยของผู้ที่พักอยู่ โทรไปแล้วเจ้าหน้าที่จะบอกทางให้\n"+
				"- หมายเลขฉุกเฉินและสายด่วนอยู่ในหน้าแรก ๆ",
			"ဝန်ဆောင်မှုများကို ဒေသအလိုက်၊ ထို့နောက် အကူအညီအမျိုးအစားအလိုက် စီထားသည်။ စာရင်းတစ်ခုစီတွင် ဆက်သွယ်ပုံ၊ ဖွင့်ချိန်၊ "+
				"ကုန်ကျစရိတ်၊ လာရောက်နိုင်သူ၊ ပြောဆိုသည့် ဘာသာစကားနှင့် ဝန်ဆောင်မှု ရယူပုံတို့ကို ဖော်ပြထားသည်။\n\n"+
				"- မသွားမီ ဖုန်းဆက်ပါ သို့မဟုတ် မက်ဆေ့ချ် ပို့ပါ။ ဖွင့်ချိန်နှင့် နေရာ ပြောင်းလဲနိုင်သည်။\n"+
				"- အချို့နေရာများသည် ထိုနေရာရှိ လူများ၏ လုံခြုံရေးအတွက် လိပ်စာကို မဖော်ပြပါ။ ဖုန်းဆက်လျှင် သွားရမည့်နေရာကို ပြောပြပါလိမ့်မည်။\n"+
				"- အရေးပေါ်ဖုန်းနံပါတ်များနှင့် ဖုန်းလိုင်းများကို ရှေ့ဆုံးစာမျက်နှာများတွင် ဖော်ပြထားသည်။"),
		Search:           t("Search", "ค้นหา", "ရှာဖွေရန်"),
		SearchHint:       t("A name, a place or a word", "ชื่อ สถานที่ หรือคำ", "အမည်၊ နေရာ သို့မဟုတ် စကားလုံး"),
		Service:          t("Kind of help", "ประเภทความช่วยเหลือ", "အကူအညီ အမျိုးအစား"),
		AllServices:      t("All kinds of help", "ทุกประเภท", "အမျိုးအစားအားလုံး"),
		AllAreas:         t("All areas", "ทุกพื้นที่", "ဒေသအားလုံး"),
		ShownOf:          t("%d of %d services shown", "แสดง %d จาก %d บริการ", "ဝန်ဆောင်မှု %d ခု ပြသထားသည် (စုစုပေါင်း %d ခု)"),
		NoMatch:          t("No service matches your search.", "ไม่พบบริการที่ตรงกับการค้นหา", "ရှာဖွေမှုနှင့် ကိုက်ညီသော ဝန်ဆောင်မှု မရှိပါ။"),
		OfflineReady:     t("Saved on this phone: this page works without internet now.", "บันทึกไว้ในโทรศัพท์แล้ว: หน้านี้ใช้ได้แม้ไม่มีอินเทอร์เน็ต", "ဤဖုန်းတွင် သိမ်းပြီးပါပြီ — အင်တာနက်မရှိလည်း ဤစာမျက်နှာကို သုံးနိုင်သည်။"),
		Clear:            t("Clear search", "ล้างการค้นหา", "ရှာဖွေမှု ရှင်းရန်"),
		CardTitle:        t("Help numbers", "หมายเลขขอความช่วยเหลือ", "အကူအညီ ဖုန်းနံပါတ်များ"),
		EmergencyNumbers: t("Emergency numbers", "หมายเลขฉุกเฉิน", "အရေးပေါ်ဖုန်းနံပါတ်များ"),
		Hotlines:         t("Hotlines", "สายด่วน", "ဖုန်းလိုင်းများ"),
		KeepSafe:         t("Keep this card where you can find it, and where others cannot.", "เก็บบัตรนี้ไว้ในที่ที่คุณหาเจอ แต่ผู้อื่นหาไม่เจอ", "ဤကတ်ကို သင်ရှာတွေ့နိုင်ပြီး အခြားသူများ မတွေ့နိုင်သည့်နေရာတွင် သိမ်းထားပါ။"),
		Call:             t("Call", "โทร", "ခေါ်ရန်"),
		MoreNumbers:      t("More numbers are in the booklet and the web directory.", "ดูหมายเลขอื่น ๆ ได้ในคู่มือและสมุดรายชื่อบนเว็บ", "နောက်ထပ် ဖုန်းနံပါတ်များကို လမ်းညွှန်စာအုပ်နှင့် ဝက်ဘ်ဆိုက်တွင် ကြည့်ပါ။"),
		MadeWith:         t("Made with Haven", "จัดทำด้วย Haven", "Haven ဖြင့် ပြုလုပ်သည်"),
		Print:            t("Print", "พิมพ์", "ပုံနှိပ်ရန်"),
		PrintA4:          t("Print (A4)", "พิมพ์ (A4)", "ပုံနှိပ်ရန် (A4)"),
		PrintA5:          t("Print (A5)", "พิมพ์ (A5)", "ပုံနှိပ်ရန် (A5)"),
		ServiceNames:     fallbackServiceNames[lang],
	}
}

// fallbackServiceNames name the top-level service types in the languages
// the taxonomy may lack.
var fallbackServiceNames = map[string]map[string]string{
	"my": {
		"accommodation": "ဘေးကင်းသော နေရာထိုင်ခင်းနှင့် ခိုလှုံရာ", "medical": "ဆေးဘက်ဆိုင်ရာ စောင့်ရှောက်မှု",
		"mental_health": "စိတ်လူမှု ပံ့ပိုးမှုနှင့် အကြံပေးခြင်း", "legal_aid": "ဥပဒေ အကူအညီနှင့် ကိုယ်စားလှယ်",
		"interpretation": "စကားပြန်နှင့် ဘာသာပြန်", "case_management": "ကိစ္စ စီမံခန့်ခွဲမှုနှင့် လွှဲပြောင်းပေးခြင်း",
		"hotline": "အရေးပေါ် ဖုန်းလိုင်းနှင့် အကူအညီလိုင်း", "repatriation": "နေရပ်သို့ ဘေးကင်းစွာ ပြန်ပို့ပေးခြင်း",
		"reintegration":  "ပြန်လည် ပေါင်းစည်းခြင်း (ပညာရေး၊ အသက်မွေးဝမ်းကျောင်း သင်တန်း၊ အလုပ်အကိုင်)",
		"family_tracing": "မိသားစု ရှာဖွေခြင်းနှင့် ပြန်လည်ဆုံစည်းခြင်း", "documentation": "ကိုယ်ပိုင်အထောက်အထားနှင့် ခရီးသွား စာရွက်စာတမ်းများ",
		"financial": "ငွေကြေးနှင့် ပစ္စည်း အကူအညီ", "child_protection": "ကလေး ကာကွယ်စောင့်ရှောက်မှုနှင့် အုပ်ထိန်းမှု",
		"law_enforcement": "လူကုန်ကူးခံရသူ ခွဲခြားသတ်မှတ်ခြင်းနှင့် ရဲ ဆက်သွယ်ရေး", "labour_rights": "အလုပ်သမား အခွင့်အရေးနှင့် လျော်ကြေး တောင်းဆိုခြင်း",
		"consular": "သံရုံး/ကောင်စစ်ဝန် အကူအညီ",
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
