// Package builtin holds the surveys Haven ships with. ProviderMapping is
// the form field teams use to map service providers: it asks for every
// field of a directory entry (mapping.Provider) in English, Thai and
// Burmese; ToProvider turns a submission into a provider and FieldsFor
// turns a provider back into answers, to pre-fill the form or to compare a
// submission with the entry it would change.
package builtin

import (
	"bytes"
	"fmt"

	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/xlsform"
)

// Identity of the provider-mapping survey. A change to the questions needs
// a new Version: devices tell forms apart by it.
const (
	ProviderMappingFormID  = "haven_provider_mapping"
	ProviderMappingVersion = "2026112701"
)

// The survey's languages, named as in the XLSForm columns (label::English (en)).
const (
	English = "English (en)"
	Thai    = "Thai (th)"
	Burmese = "Burmese (my)"
)

// tr is a text in the survey's three languages.
func tr(en, th, my string) surveys.Text {
	return surveys.Text{English: en, Thai: th, Burmese: my}
}

// ProviderMapping returns the built-in provider-mapping survey. Each call
// returns a fresh copy, which the caller may change.
func ProviderMapping() surveys.Definition {
	return surveys.Definition{
		FormID:          ProviderMappingFormID,
		Name:            "provider_mapping",
		Title:           "Haven provider mapping",
		Version:         ProviderMappingVersion,
		Kind:            surveys.KindProviderMapping,
		DefaultLanguage: English,
		Languages:       []string{Burmese, English, Thai}, // sorted, as surveys.Definition.UsedLanguages gives them
		InstanceName:    "concat(${org_name}, ' ', ${location_name})",
		Questions: []surveys.Question{
			note("intro", tr(
				"Map one organization and the help it gives. Never write the names of the people it helps.",
				"บันทึกข้อมูลองค์กรหนึ่งแห่งและความช่วยเหลือที่ให้ ห้ามเขียนชื่อของผู้ที่ได้รับความช่วยเหลือ",
				"အဖွဲ့အစည်းတစ်ခုနှင့် ၎င်းပေးသော အကူအညီများကို မှတ်တမ်းတင်ပါ။ အကူအညီရယူသူများ၏ အမည်ကို ဘယ်တော့မှ မရေးပါနှင့်။")),
			organizationSection(),
			locationSection(),
			servicesSection(),
			channelsSection(),
			checkSection(),
		},
		ChoiceLists: choiceLists(),
	}
}

// XLSForm returns the provider-mapping survey as an XLSForm workbook
// (.xlsx), for people who want to adapt it.
func XLSForm() ([]byte, error) {
	var buf bytes.Buffer
	if err := xlsform.Write(&buf, ProviderMapping()); err != nil {
		return nil, fmt.Errorf("write the provider-mapping XLSForm: %w", err)
	}
	return buf.Bytes(), nil
}

func organizationSection() surveys.Question {
	return group("organization", tr("Organization", "องค์กร", "အဖွဲ့အစည်း"), "",
		text("org_name", tr("Name of the organization", "ชื่อองค์กร", "အဖွဲ့အစည်းအမည်"),
			hint(tr("The name people know it by.", "ชื่อที่คนทั่วไปรู้จัก", "လူများ သိကြသော အမည်")),
			required()),
		selectOne("org_type", "org_types", tr("Type of organization", "ประเภทองค์กร", "အဖွဲ့အစည်း အမျိုးအစား"), required()),
		selectOne("country", "countries", tr("Country", "ประเทศ", "နိုင်ငံ"), required()),
		selectOne("org_status", "org_statuses", tr("Is it working now?", "ตอนนี้ยังให้บริการอยู่หรือไม่", "ယခု လုပ်ငန်း လည်ပတ်နေပါသလား"),
			required(), defaultTo("active")),
		text("description", tr("What does the organization do?", "องค์กรนี้ทำอะไร", "ဤအဖွဲ့အစည်းက ဘာလုပ်သလဲ"),
			hint(tr("One or two short sentences.", "เขียนสั้น ๆ หนึ่งหรือสองประโยค", "တိုတိုရှင်းရှင်း စာကြောင်း တစ်ကြောင်း နှစ်ကြောင်း")),
			appearance("multiline")),
		text("website", tr("Website", "เว็บไซต์", "ဝဘ်ဆိုက်"),
			hint(tr("For example https://example.org", "เช่น https://example.org", "ဥပမာ - https://example.org")),
			constraint(`regex(., '`+websitePattern+`')`,
				tr("This is not a web address.", "นี่ไม่ใช่ที่อยู่เว็บไซต์", "ဤသည်မှာ ဝဘ်လိပ်စာ မဟုတ်ပါ။"))),
		text("email", tr("E-mail of the organization", "อีเมลขององค์กร", "အဖွဲ့အစည်း၏ အီးမေးလ်"), emailConstraint()),
		group("local_names", tr("In the local language", "ในภาษาท้องถิ่น", "ဒေသသုံး ဘာသာစကားဖြင့်"), "field-list",
			selectOne("local_language", "languages", tr("Language of the local name", "ภาษาของชื่อท้องถิ่น", "ဒေသသုံး အမည်၏ ဘာသာစကား"),
				hint(tr("Skip this if there is none.", "ข้ามได้ถ้าไม่มี", "မရှိလျှင် ကျော်ပါ။")),
				appearance("minimal")),
			text("name_local", tr("Name in that language", "ชื่อในภาษานั้น", "ထိုဘာသာစကားဖြင့် အမည်"),
				relevant("${local_language} != ''")),
			text("description_local", tr("What it does, in that language", "สิ่งที่องค์กรทำ ในภาษานั้น", "ထိုဘာသာစကားဖြင့် လုပ်ငန်းအကြောင်း"),
				relevant("${local_language} != ''"), appearance("multiline")),
		),
	)
}

func locationSection() surveys.Question {
	pointHint := hint(tr(
		"Stand at the entrance and record the GPS, or place the point on the map.",
		"ยืนที่ทางเข้าแล้วบันทึก GPS หรือวางจุดบนแผนที่",
		"ဝင်ပေါက်တွင် ရပ်ပြီး GPS မှတ်ပါ၊ သို့မဟုတ် မြေပုံပေါ်တွင် နေရာ ချပါ။"))
	return group("location", tr("The place", "สถานที่", "နေရာ"), "",
		text("location_name", tr("Name of the place", "ชื่อสถานที่", "နေရာ အမည်"),
			hint(tr("For example: Mae Sot office. A code name is fine for a secret shelter.",
				"เช่น สำนักงานแม่สอด ถ้าเป็นบ้านพักที่เป็นความลับ ใช้ชื่อรหัสได้",
				"ဥပမာ - မဲဆောက်ရုံး။ လျှို့ဝှက်ထားသော ခိုလှုံရာဆိုလျှင် ကုဒ်အမည် သုံးနိုင်သည်။"))),
		selectOne("location_tier", "tiers", tr("Who may see where it is?", "ใครดูที่ตั้งได้บ้าง", "တည်နေရာကို ဘယ်သူ ကြည့်ခွင့်ရှိသလဲ"),
			hint(tr(
				"Ask the provider. Public: anyone sees the address and the map point. Region only: people see only the district or province and a public phone; the exact place stays secret. Hidden: the place is not shown to the public at all. If unsure, choose Hidden.",
				"ถามผู้ให้บริการ สาธารณะ: ทุกคนเห็นที่อยู่และจุดบนแผนที่ เฉพาะพื้นที่: คนทั่วไปเห็นแค่อำเภอหรือจังหวัดและเบอร์โทรสาธารณะ ที่ตั้งจริงเป็นความลับ ซ่อน: ไม่แสดงสถานที่นี้ต่อสาธารณะเลย ถ้าไม่แน่ใจ ให้เลือก ซ่อน",
				"ဝန်ဆောင်မှုပေးသူကို မေးပါ။ အများသိ - လိပ်စာနှင့် မြေပုံပေါ်ရှိ နေရာကို မည်သူမဆို မြင်နိုင်သည်။ ဒေသသာ - မြို့နယ် သို့မဟုတ် ပြည်နယ်/တိုင်းနှင့် အများသုံးဖုန်းကိုသာ မြင်ရပြီး တိကျသော နေရာကို လျှို့ဝှက်ထားသည်။ ဝှက်ထား - ဤနေရာကို အများပြည်သူကို လုံးဝ မပြပါ။ မသေချာလျှင် ဝှက်ထား ကို ရွေးပါ။")),
			required()),
		note("tier_note", tr(
			"The address and the point stay secret. Record them only if the provider agrees: they help find areas with no help nearby.",
			"ที่อยู่และจุดที่ตั้งจะเก็บเป็นความลับ บันทึกเฉพาะเมื่อผู้ให้บริการยินยอม ข้อมูลนี้ช่วยหาพื้นที่ที่ยังไม่มีความช่วยเหลือ",
			"လိပ်စာနှင့် တည်နေရာကို လျှို့ဝှက်ထားမည်။ ဝန်ဆောင်မှုပေးသူ သဘောတူမှသာ မှတ်တမ်းတင်ပါ။ ၎င်းတို့က အကူအညီ မရှိသေးသော နေရာများကို ရှာဖွေရန် ကူညီသည်။"),
			relevant("${location_tier} = 'region_only' or ${location_tier} = 'hidden'")),
		group("address", tr("Address", "ที่อยู่", "လိပ်စာ"), "field-list",
			text("location_address", tr("Street and number", "บ้านเลขที่และถนน", "အိမ်အမှတ်နှင့် လမ်း")),
			text("location_city", tr("Town or city", "อำเภอหรือเมือง", "မြို့")),
			text("location_province", tr("Province or state", "จังหวัด", "ပြည်နယ် သို့မဟုတ် တိုင်းဒေသကြီး")),
			text("location_postal_code", tr("Postal code", "รหัสไปรษณีย์", "စာတိုက်သင်္ကေတ"),
				constraint(`regex(., '^[0-9A-Za-z -]{3,10}$')`,
					tr("Check the postal code.", "ตรวจสอบรหัสไปรษณีย์", "စာတိုက်သင်္ကေတကို စစ်ပါ။"))),
		),
		// A point is required unless the place is hidden: region_only places
		// need it to be counted in their region. XLSForm has no conditional
		// required in Haven's subset, so the two cases are two questions.
		geopoint("location_point", tr("Point on the map", "จุดบนแผนที่", "မြေပုံပေါ်ရှိ နေရာ"),
			pointHint, required(), relevant("${location_tier} != 'hidden'"), appearance("placement-map")),
		geopoint("location_point_hidden", tr("Point on the map (only if the provider agrees)", "จุดบนแผนที่ (เฉพาะเมื่อผู้ให้บริการยินยอม)", "မြေပုံပေါ်ရှိ နေရာ (ဝန်ဆောင်မှုပေးသူ သဘောတူမှသာ)"),
			pointHint, relevant("${location_tier} = 'hidden'"), appearance("placement-map")),
		text("location_accessibility", tr("Access for people with disabilities, and outreach", "การเข้าถึงสำหรับคนพิการ และการออกไปพบคน", "မသန်စွမ်းသူများ ဝင်ရောက်နိုင်မှုနှင့် ကွင်းဆင်း ကူညီမှု"),
			hint(tr("For example: wheelchair ramp, ground floor, staff visit people at home or at work sites.",
				"เช่น มีทางลาดสำหรับรถเข็น อยู่ชั้นล่าง เจ้าหน้าที่ออกไปพบคนที่บ้านหรือที่ทำงาน",
				"ဥပမာ - ဘီးတပ်ကုလားထိုင် တက်လမ်း၊ မြေညီထပ်၊ ဝန်ထမ်းများက အိမ် သို့မဟုတ် အလုပ်နေရာသို့ လာတွေ့သည်။"))),
	)
}

func servicesSection() surveys.Question {
	emptyMeansAnyone := hint(tr("Leave empty if anyone can come.", "เว้นว่างถ้าใครก็มาได้", "မည်သူမဆို လာနိုင်လျှင် ကွက်လပ်ထားပါ။"))
	ageMessage := tr("Write an age from 0 to 120.", "ใส่อายุระหว่าง 0 ถึง 120", "အသက် 0 မှ 120 အတွင်း ရေးပါ။")
	noLimit := hint(tr("Leave empty if there is no limit.", "เว้นว่างถ้าไม่จำกัด", "ကန့်သတ်ချက် မရှိလျှင် ကွက်လပ်ထားပါ။"))
	return surveys.Question{
		Type: surveys.TypeRepeat, Name: "services",
		Label: tr("Service", "บริการ", "ဝန်ဆောင်မှု"),
		Children: []surveys.Question{
			selectOne("service_type", "service_types", tr("What help do they give?", "ให้ความช่วยเหลือด้านใด", "ဘယ်လို အကူအညီ ပေးသလဲ"),
				hint(tr("One kind of help per entry. Add another entry for each other kind.",
					"หนึ่งรายการต่อความช่วยเหลือหนึ่งแบบ เพิ่มรายการใหม่สำหรับแบบอื่น",
					"တစ်ခုလျှင် အကူအညီ တစ်မျိုး။ အခြား အကူအညီ တစ်မျိုးစီအတွက် နောက်တစ်ခု ထည့်ပါ။")),
				required()),
			text("service_description", tr("What exactly do they offer?", "ให้บริการอะไรบ้าง", "အတိအကျ ဘာတွေ ပေးသလဲ"), appearance("multiline")),
			group("eligibility", tr("Who can use it?", "ใครใช้บริการได้", "ဘယ်သူတွေ သုံးနိုင်သလဲ"), "",
				selectMultiple("genders", "genders", tr("For which gender?", "สำหรับเพศใด", "မည်သည့် လိင်အတွက်နည်း"),
					hint(tr("Tick all that apply. Leave empty if anyone can come.",
						"เลือกทุกข้อที่ใช่ เว้นว่างถ้าใครก็มาได้",
						"သက်ဆိုင်သမျှ အားလုံး ရွေးပါ။ မည်သူမဆို လာနိုင်လျှင် ကွက်လပ်ထားပါ။"))),
				selectOne("lgbtqi", "yes_no", tr("Do they say openly that LGBTQI+ people are welcome?",
					"ระบุชัดเจนว่ายินดีต้อนรับคน LGBTQI+ หรือไม่",
					"LGBTQI+ လူများကို ကြိုဆိုကြောင်း ပွင့်ပွင့်လင်းလင်း ပြောထားပါသလား")),
				group("ages", tr("Age", "อายุ", "အသက်"), "field-list",
					integer("min_age", tr("Youngest age (years)", "อายุต่ำสุด (ปี)", "အငယ်ဆုံး အသက် (နှစ်)"),
						noLimit, constraint(". >= 0 and . <= 120", ageMessage)),
					integer("max_age", tr("Oldest age (years)", "อายุสูงสุด (ปี)", "အကြီးဆုံး အသက် (နှစ်)"),
						noLimit, constraint(". >= 0 and . <= 120 and (${min_age} = '' or . >= ${min_age})",
							tr("Write an age from 0 to 120, not below the youngest age.",
								"ใส่อายุระหว่าง 0 ถึง 120 และไม่น้อยกว่าอายุต่ำสุด",
								"အသက် 0 မှ 120 အတွင်း ရေးပါ။ အငယ်ဆုံး အသက်ထက် မငယ်ရပါ။"))),
				),
				selectMultiple("legal_statuses", "legal_statuses", tr("Which people, by nationality or papers?",
					"รับคนสัญชาติใดหรือสถานะใด", "မည်သည့် နိုင်ငံသား သို့မဟုတ် စာရွက်စာတမ်း အခြေအနေ ရှိသူများနည်း"), emptyMeansAnyone),
				selectMultiple("trafficking_forms", "trafficking_forms", tr("For which kinds of trafficking?",
					"สำหรับการค้ามนุษย์รูปแบบใด", "မည်သည့် လူကုန်ကူးမှု ပုံစံများအတွက်နည်း"),
					hint(tr("Leave empty if for any kind.", "เว้นว่างถ้ารับทุกรูปแบบ", "ပုံစံ အားလုံးအတွက်ဆိုလျှင် ကွက်လပ်ထားပါ။"))),
				selectOne("victim_status", "victim_statuses", tr("Must the person be recognised as a victim first?",
					"ต้องได้รับการคัดแยกว่าเป็นผู้เสียหายก่อนหรือไม่",
					"လူကုန်ကူးခံရသူအဖြစ် ဦးစွာ အသိအမှတ်ပြုခံရရန် လိုပါသလား"), defaultTo("none")),
			),
			selectMultiple("service_languages", "languages", tr("Languages the staff speak", "ภาษาที่เจ้าหน้าที่พูดได้", "ဝန်ထမ်းများ ပြောနိုင်သော ဘာသာစကားများ")),
			selectOne("interpretation", "yes_no", tr("Can they get an interpreter for other languages?",
				"จัดหาล่ามสำหรับภาษาอื่นได้หรือไม่", "အခြား ဘာသာစကားများအတွက် စကားပြန် စီစဉ်ပေးနိုင်ပါသလား")),
			group("cost", tr("Cost", "ค่าใช้จ่าย", "ကုန်ကျစရိတ်"), "field-list",
				selectOne("cost_kind", "cost_kinds", tr("Does it cost money?", "ต้องเสียเงินหรือไม่", "ငွေကုန်ပါသလား"), required()),
				text("cost_note", tr("How much, or under which conditions?", "ราคาเท่าไร หรือมีเงื่อนไขอะไร", "ဘယ်လောက် ကျသလဲ၊ သို့မဟုတ် ဘယ်လို အခြေအနေများလဲ"),
					relevant("${cost_kind} = 'fee' or ${cost_kind} = 'conditions'")),
			),
			group("access", tr("How to get help", "วิธีขอรับความช่วยเหลือ", "အကူအညီ ရယူပုံ"), "field-list",
				selectOne("walk_in", "yes_no", tr("Can people just walk in?", "เดินเข้ามาขอความช่วยเหลือได้เลยหรือไม่", "ကြိုတင် မချိန်းဆိုဘဲ တိုက်ရိုက် လာနိုင်ပါသလား")),
				selectOne("referral_required", "yes_no", tr("Is a referral needed?", "ต้องมีการส่งต่อหรือไม่", "လွှဲပြောင်းပေးမှု လိုအပ်ပါသလား")),
				text("who_can_refer", tr("Who can refer?", "ใครส่งต่อได้บ้าง", "ဘယ်သူ လွှဲပြောင်းပေးနိုင်သလဲ"),
					hint(tr("For example: police, social workers, hotline 1300", "เช่น ตำรวจ นักสังคมสงเคราะห์ สายด่วน 1300", "ဥပမာ - ရဲ၊ လူမှုဝန်ထမ်း၊ ဟော့လိုင်း 1300")),
					relevant("${referral_required} = 'yes'")),
			),
			group("first_steps", tr("First steps", "ขั้นตอนแรก", "ပထမ အဆင့်များ"), "field-list",
				text("next_step", tr("What should a person do first?", "ควรทำอะไรเป็นอย่างแรก", "ပထမဆုံး ဘာလုပ်ရမလဲ"),
					hint(tr("For example: call the hotline", "เช่น โทรสายด่วน", "ဥပမာ - ဟော့လိုင်းကို ဖုန်းဆက်ပါ"))),
				text("documents", tr("Papers to bring", "เอกสารที่ต้องนำมา", "ယူလာရမည့် စာရွက်စာတမ်းများ"),
					hint(tr("Separate them with commas. Leave empty if none are needed.",
						"คั่นด้วยเครื่องหมายจุลภาค (,) เว้นว่างถ้าไม่ต้องใช้",
						"ကော်မာ (,) ဖြင့် ခြားပါ။ မလိုလျှင် ကွက်လပ်ထားပါ။"))),
				text("response_time", tr("How soon do they respond?", "ตอบกลับหรือรับเรื่องได้เร็วแค่ไหน", "ဘယ်လောက် မြန်မြန် တုံ့ပြန်သလဲ"),
					hint(tr("For example: same day, within 3 days", "เช่น ภายในวันเดียวกัน ภายใน 3 วัน", "ဥပမာ - ထိုနေ့ချင်း၊ ၃ ရက်အတွင်း"))),
			),
			group("capacity", tr("Places", "จำนวนที่รับได้", "လက်ခံနိုင်သည့် အရေအတွက်"), "field-list",
				selectOne("capacity_unit", "capacity_units", tr("Count places as", "นับเป็น", "ဘာဖြင့် ရေတွက်သလဲ"),
					hint(tr("Skip this if they have no fixed number.", "ข้ามได้ถ้าไม่มีจำนวนแน่นอน", "အရေအတွက် သတ်မှတ်ထားခြင်း မရှိလျှင် ကျော်ပါ။"))),
				integer("capacity_total", tr("How many in total?", "มีทั้งหมดเท่าไร", "စုစုပေါင်း ဘယ်လောက်လဲ"),
					relevant("${capacity_unit} != ''"),
					constraint(". >= 0", tr("The number cannot be below 0.", "ตัวเลขต้องไม่ต่ำกว่า 0", "ဂဏန်းသည် 0 ထက် မနည်းရပါ။"))),
				integer("capacity_available", tr("How many are free today?", "วันนี้ว่างเท่าไร", "ယနေ့ ဘယ်လောက် လွတ်သေးသလဲ"),
					relevant("${capacity_unit} != ''"),
					constraint(". >= 0 and (${capacity_total} = '' or . <= ${capacity_total})",
						tr("Write 0 or more, but not more than the total.",
							"ใส่ 0 ขึ้นไป แต่ไม่เกินจำนวนทั้งหมด",
							"0 သို့မဟုတ် ထို့ထက် များသော ဂဏန်း ရေးပါ။ စုစုပေါင်းထက် မများရပါ။"))),
			),
			group("hours", tr("Opening hours", "เวลาทำการ", "ဖွင့်ချိန်"), "field-list",
				selectOne("hours_kind", "hours", tr("When is it open?", "เปิดเมื่อไร", "ဘယ်အချိန် ဖွင့်သလဲ")),
				text("hours_text", tr("Days and times", "วันและเวลา", "နေ့နှင့် အချိန်"),
					hint(tr("Write like this: mo-fr 08:30-16:30; sa 09:00-12:00 (days: mo tu we th fr sa su)",
						"เขียนแบบนี้: mo-fr 08:30-16:30; sa 09:00-12:00 (mo=จันทร์ tu=อังคาร we=พุธ th=พฤหัสบดี fr=ศุกร์ sa=เสาร์ su=อาทิตย์)",
						"ဤသို့ ရေးပါ - mo-fr 08:30-16:30; sa 09:00-12:00 (mo=တနင်္လာ tu=အင်္ဂါ we=ဗုဒ္ဓဟူး th=ကြာသပတေး fr=သောကြာ sa=စနေ su=တနင်္ဂနွေ)")),
					required(), relevant("${hours_kind} = 'custom'"),
					constraint(`regex(translate(., 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '`+hoursPattern+`')`,
						tr("Write days and times like this: mo-fr 08:30-16:30; sa 09:00-12:00",
							"เขียนวันและเวลาแบบนี้: mo-fr 08:30-16:30; sa 09:00-12:00",
							"နေ့နှင့် အချိန်ကို ဤသို့ ရေးပါ - mo-fr 08:30-16:30; sa 09:00-12:00"))),
				text("hours_note", tr("Anything else about the hours?", "มีข้อมูลอื่นเกี่ยวกับเวลาไหม", "ဖွင့်ချိန်နှင့် ပတ်သက်၍ အခြား ရှိပါသလား"),
					hint(tr("For example: closed on public holidays", "เช่น ปิดวันหยุดนักขัตฤกษ์", "ဥပမာ - အများပြည်သူ ရုံးပိတ်ရက်များတွင် ပိတ်သည်")),
					relevant("${hours_kind} != ''")),
			),
			decimal("area_radius_km", tr("Do they also help people from further away? Up to how many km?",
				"ช่วยคนที่อยู่ไกลออกไปด้วยไหม ไกลสุดกี่กิโลเมตร",
				"ဝေးသော နေရာမှ လူများကိုလည်း ကူညီပါသလား။ ကီလိုမီတာ ဘယ်လောက်အထိလဲ"),
				hint(tr("Leave empty if they help only people who come to them.", "เว้นว่างถ้าช่วยเฉพาะคนที่มาหา", "သူတို့ထံ လာသူများကိုသာ ကူညီလျှင် ကွက်လပ်ထားပါ။")),
				constraint(". > 0 and . <= 2000", tr("Write a distance above 0 and up to 2000 km.",
					"ใส่ระยะทางมากกว่า 0 และไม่เกิน 2000 กม.", "0 ထက်များပြီး 2000 ကီလိုမီတာအထိ အကွာအဝေး ရေးပါ။"))),
		},
	}
}

func channelsSection() surveys.Question {
	return group("channels", tr("How to reach them", "ช่องทางติดต่อ", "ဆက်သွယ်ရန် နည်းလမ်းများ"), "",
		note("channels_note", tr(
			"Write only contacts the provider agrees to share. Anyone may see the hotline and the online contacts.",
			"บันทึกเฉพาะช่องทางที่ผู้ให้บริการยินยอมให้เปิดเผย ทุกคนอาจเห็นสายด่วนและช่องทางออนไลน์",
			"ဝန်ဆောင်မှုပေးသူ မျှဝေရန် သဘောတူသော ဆက်သွယ်ရန် နည်းလမ်းများကိုသာ ရေးပါ။ ဟော့လိုင်းနှင့် အွန်လိုင်း ဆက်သွယ်ရန်များကို မည်သူမဆို မြင်နိုင်သည်။")),
		group("phones", tr("Phones", "โทรศัพท์", "ဖုန်း"), "field-list",
			phone("hotline", tr("Hotline number", "เบอร์สายด่วน", "ဟော့လိုင်း ဖုန်းနံပါတ်")),
			text("hotline_hours", tr("When does the hotline answer?", "สายด่วนรับสายเวลาใด", "ဟော့လိုင်းက ဘယ်အချိန် ဖုန်းကိုင်သလဲ"),
				hint(tr("For example: 24/7, or mo-fr 08:00-20:00", "เช่น 24/7 หรือ mo-fr 08:00-20:00", "ဥပမာ - 24/7 သို့မဟုတ် mo-fr 08:00-20:00")),
				relevant("${hotline} != ''")),
			phone("office_phone", tr("Office phone", "เบอร์โทรสำนักงาน", "ရုံးဖုန်း")),
			selectOne("office_phone_tier", "phone_tiers", tr("Who may see the office phone?", "ใครดูเบอร์สำนักงานได้บ้าง", "ရုံးဖုန်းကို ဘယ်သူ ကြည့်ခွင့်ရှိသလဲ"),
				hint(tr("Leave empty to treat it like the place.", "เว้นว่างเพื่อใช้แบบเดียวกับสถานที่", "နေရာနှင့် အတူတူ ထားရန် ကွက်လပ်ထားပါ။")),
				relevant("${office_phone} != ''")),
		),
		group("online", tr("Chat and online", "แชทและออนไลน์", "Chat နှင့် အွန်လိုင်း"), "field-list",
			phone("whatsapp", tr("WhatsApp number", "เบอร์ WhatsApp", "WhatsApp နံပါတ်")),
			text("line", tr("LINE ID", "ไอดี LINE", "LINE ID")),
			phone("viber", tr("Viber number", "เบอร์ Viber", "Viber နံပါတ်")),
			text("telegram", tr("Telegram name", "ชื่อ Telegram", "Telegram အမည်")),
			text("facebook", tr("Facebook page (name or link)", "เพจ Facebook (ชื่อหรือลิงก์)", "Facebook စာမျက်နှာ (အမည် သို့မဟုတ် လင့်ခ်)")),
			text("contact_email", tr("E-mail to ask for help", "อีเมลสำหรับขอความช่วยเหลือ", "အကူအညီ တောင်းရန် အီးမေးလ်"), emailConstraint()),
			text("complaints", tr("How can people complain or give feedback?", "ร้องเรียนหรือแสดงความคิดเห็นได้อย่างไร", "တိုင်ကြားရန် သို့မဟုတ် အကြံပြုရန် ဘယ်လို ဆက်သွယ်ရမလဲ")),
		),
	)
}

func checkSection() surveys.Question {
	return group("check", tr("Check", "ตรวจสอบ", "စစ်ဆေးခြင်း"), "",
		selectOne("verified_today", "yes_no", tr("I checked this with the provider today", "วันนี้ฉันได้ตรวจสอบข้อมูลนี้กับผู้ให้บริการแล้ว", "ဤအချက်အလက်များကို ယနေ့ ဝန်ဆောင်မှုပေးသူနှင့် စစ်ဆေးပြီးပါပြီ"),
			hint(tr("Yes only if you spoke with them or visited them today.",
				"ตอบ ใช่ เฉพาะเมื่อวันนี้ได้คุยหรือไปพบผู้ให้บริการแล้ว",
				"ယနေ့ သူတို့နှင့် စကားပြောခဲ့ သို့မဟုတ် သွားတွေ့ခဲ့မှသာ ဟုတ်ကဲ့ ကို ရွေးပါ။")),
			required()),
		text("final_note", tr("Anything else for the editor?", "มีอะไรจะบอกผู้ดูแลข้อมูลอีกไหม", "အချက်အလက် စီမံသူအတွက် အခြား ပြောစရာ ရှိပါသလား"),
			hint(tr("This is not shown in the directory.", "ข้อความนี้ไม่แสดงในสารบบ", "ဤစာကို လမ်းညွှန်တွင် မပြပါ။")),
			appearance("multiline")),
	)
}

// Patterns of the constraints. ToProvider applies the same rules, so a
// submission from a form that skipped them (an adapted XLSForm, the API)
// is judged alike. They use only what Java, JavaScript and Go regular
// expressions share.
const (
	websitePattern = `^(https?://)?[^\s/]+\.[^\s]+$`
	emailPattern   = `^[^@\s]+@[^@\s]+\.[^@\s]+$`
	// Digits may be typed as Thai (๐-๙) or Myanmar (၀-၉) digits.
	phonePattern = `^[0-9๐-๙၀-၉+() -]{3,20}$`
)

func emailConstraint() func(*surveys.Question) {
	return constraint(`regex(., '`+emailPattern+`')`,
		tr("This is not an e-mail address.", "นี่ไม่ใช่ที่อยู่อีเมล", "ဤသည်မှာ အီးမေးလ်လိပ်စာ မဟုတ်ပါ။"))
}

// phone is a text question for a phone number, with a number keypad.
func phone(name string, label surveys.Text) surveys.Question {
	return text(name, label, appearance("numbers"),
		constraint(`regex(., '`+phonePattern+`')`,
			tr("Use only digits, spaces and + ( ) -", "ใช้ได้เฉพาะตัวเลข ช่องว่าง และ + ( ) -", "ဂဏန်း၊ space နှင့် + ( ) - ကိုသာ သုံးပါ။")))
}

// Builders: a question of each type, with options.

func ask(t surveys.QuestionType, name string, label surveys.Text, opts []func(*surveys.Question)) surveys.Question {
	q := surveys.Question{Type: t, Name: name, Label: label}
	for _, o := range opts {
		o(&q)
	}
	return q
}

func text(name string, label surveys.Text, opts ...func(*surveys.Question)) surveys.Question {
	return ask(surveys.TypeText, name, label, opts)
}

func integer(name string, label surveys.Text, opts ...func(*surveys.Question)) surveys.Question {
	return ask(surveys.TypeInteger, name, label, opts)
}

func decimal(name string, label surveys.Text, opts ...func(*surveys.Question)) surveys.Question {
	return ask(surveys.TypeDecimal, name, label, opts)
}

func geopoint(name string, label surveys.Text, opts ...func(*surveys.Question)) surveys.Question {
	return ask(surveys.TypeGeopoint, name, label, opts)
}

func note(name string, label surveys.Text, opts ...func(*surveys.Question)) surveys.Question {
	return ask(surveys.TypeNote, name, label, opts)
}

func selectOne(name, list string, label surveys.Text, opts ...func(*surveys.Question)) surveys.Question {
	q := ask(surveys.TypeSelectOne, name, label, opts)
	q.ListName = list
	return q
}

func selectMultiple(name, list string, label surveys.Text, opts ...func(*surveys.Question)) surveys.Question {
	q := ask(surveys.TypeSelectMultiple, name, label, opts)
	q.ListName = list
	return q
}

func group(name string, label surveys.Text, appearance string, children ...surveys.Question) surveys.Question {
	return surveys.Question{Type: surveys.TypeGroup, Name: name, Label: label, Appearance: appearance, Children: children}
}

func hint(t surveys.Text) func(*surveys.Question) { return func(q *surveys.Question) { q.Hint = t } }
func required() func(*surveys.Question)           { return func(q *surveys.Question) { q.Required = true } }
func relevant(e string) func(*surveys.Question)   { return func(q *surveys.Question) { q.Relevant = e } }
func appearance(a string) func(*surveys.Question) {
	return func(q *surveys.Question) { q.Appearance = a }
}
func defaultTo(v string) func(*surveys.Question) { return func(q *surveys.Question) { q.Default = v } }
func constraint(e string, msg surveys.Text) func(*surveys.Question) {
	return func(q *surveys.Question) { q.Constraint, q.ConstraintMessage = e, msg }
}

// choice is one answer of a list, labelled in the three languages.
func choice(name, en, th, my string) surveys.Choice {
	return surveys.Choice{Name: name, Label: tr(en, th, my)}
}

// Choice names that are not the directory's own values.
const (
	hours247            = "24_7"
	hoursWeekdays       = "weekdays"
	hoursCustom         = "custom"
	statusTempClosed    = "temporarily_closed" // mapping says "temporarily closed"; choices take no spaces
	complaintsChannel   = "Complaints and feedback"
	answerYes, answerNo = "yes", "no"
)

func choiceLists() map[string][]surveys.Choice {
	lists := map[string][]surveys.Choice{
		"yes_no": {
			choice(answerYes, "Yes", "ใช่", "ဟုတ်ကဲ့"),
			choice(answerNo, "No", "ไม่ใช่", "မဟုတ်ပါ"),
		},
		"org_types": {
			choice("government", "Government", "หน่วยงานรัฐ", "အစိုးရ"),
			choice("ngo", "NGO (non-profit)", "องค์กรพัฒนาเอกชน (NGO)", "အစိုးရ မဟုတ်သော အဖွဲ့ (NGO)"),
			choice("international", "International organization (UN, IOM …)", "องค์กรระหว่างประเทศ (UN, IOM …)", "နိုင်ငံတကာ အဖွဲ့အစည်း (UN, IOM …)"),
			choice("faith_based", "Religious organization", "องค์กรทางศาสนา", "ဘာသာရေး အဖွဲ့အစည်း"),
			choice("private", "Private company or clinic", "บริษัทหรือคลินิกเอกชน", "ပုဂ္ဂလိက ကုမ္ပဏီ သို့မဟုတ် ဆေးခန်း"),
			choice("community", "Community group", "กลุ่มชุมชน", "ရပ်ရွာ အဖွဲ့"),
		},
		"countries": { // the ten ASEAN members, by ISO 3166-1 alpha-2 code
			choice("BN", "Brunei", "บรูไน", "ဘရူနိုင်း"),
			choice("KH", "Cambodia", "กัมพูชา", "ကမ္ဘောဒီးယား"),
			choice("ID", "Indonesia", "อินโดนีเซีย", "အင်ဒိုနီးရှား"),
			choice("LA", "Laos", "ลาว", "လာအို"),
			choice("MY", "Malaysia", "มาเลเซีย", "မလေးရှား"),
			choice("MM", "Myanmar", "เมียนมา", "မြန်မာ"),
			choice("PH", "Philippines", "ฟิลิปปินส์", "ဖိလစ်ပိုင်"),
			choice("SG", "Singapore", "สิงคโปร์", "စင်ကာပူ"),
			choice("TH", "Thailand", "ไทย", "ထိုင်း"),
			choice("VN", "Vietnam", "เวียดนาม", "ဗီယက်နမ်"),
		},
		"org_statuses": {
			choice("active", "Yes, it is working", "ยังให้บริการอยู่", "လည်ပတ်နေသည်"),
			choice(statusTempClosed, "Closed for now", "ปิดชั่วคราว", "ယာယီ ပိတ်ထားသည်"),
			choice("inactive", "Open, but not offering services", "ยังอยู่ แต่ไม่ได้ให้บริการ", "ရှိသေးသော်လည်း ဝန်ဆောင်မှု မပေးပါ"),
			choice("defunct", "Closed for good", "ปิดถาวร", "အပြီး ပိတ်သွားပြီ"),
		},
		"languages": {
			choice("en", "English", "อังกฤษ", "အင်္ဂလိပ်"),
			choice("th", "Thai", "ไทย", "ထိုင်း"),
			choice("my", "Burmese", "พม่า", "မြန်မာ"),
			choice("km", "Khmer", "เขมร", "ခမာ"),
			choice("lo", "Lao", "ลาว", "လာအို"),
			choice("vi", "Vietnamese", "เวียดนาม", "ဗီယက်နမ်"),
			choice("id", "Indonesian", "อินโดนีเซีย", "အင်ဒိုနီးရှား"),
			choice("ms", "Malay", "มลายู", "မလေး"),
			choice("fil", "Filipino", "ฟิลิปปินส์", "ဖိလစ်ပိုင်"),
			choice("zh", "Chinese", "จีน", "တရုတ်"),
			choice("kar", "Karen", "กะเหรี่ยง", "ကရင်"),
			choice("shn", "Shan", "ไทใหญ่", "ရှမ်း"),
			choice("rhg", "Rohingya", "โรฮิงญา", "ရိုဟင်ဂျာ"),
		},
		"tiers": {
			choice(string(mapping.TierPublic), "Public – anyone can see the address", "สาธารณะ – ทุกคนเห็นที่อยู่", "အများသိ – လိပ်စာကို မည်သူမဆို မြင်နိုင်သည်"),
			choice(string(mapping.TierRegionOnly), "Region only – show only the district or province", "เฉพาะพื้นที่ – แสดงแค่อำเภอหรือจังหวัด", "ဒေသသာ – မြို့နယ် သို့မဟုတ် ပြည်နယ်/တိုင်းကိုသာ ပြမည်"),
			choice(string(mapping.TierHidden), "Hidden – do not show it to the public", "ซ่อน – ไม่แสดงต่อสาธารณะ", "ဝှက်ထား – အများပြည်သူကို မပြပါ"),
		},
		// A channel is either shown to everyone or not: region_only and
		// hidden channels are both withheld from the public.
		"phone_tiers": {
			choice(string(mapping.TierPublic), "Public – anyone can see it", "สาธารณะ – ทุกคนเห็นได้", "အများသိ – မည်သူမဆို မြင်နိုင်သည်"),
			choice(string(mapping.TierHidden), "Hidden – only staff allowed to see secret data", "ซ่อน – เฉพาะเจ้าหน้าที่ที่มีสิทธิ์ดูข้อมูลลับ", "ဝှက်ထား – လျှို့ဝှက်အချက်အလက် ကြည့်ခွင့်ရှိသော ဝန်ထမ်းများသာ"),
		},
		"genders": {
			choice("female", "Women and girls", "ผู้หญิงและเด็กหญิง", "အမျိုးသမီးနှင့် မိန်းကလေး"),
			choice("male", "Men and boys", "ผู้ชายและเด็กชาย", "အမျိုးသားနှင့် ယောက်ျားလေး"),
		},
		"legal_statuses": {
			choice("national", "Citizens of this country", "คนสัญชาติของประเทศนี้", "ဤနိုင်ငံ၏ နိုင်ငံသားများ"),
			choice("foreign_national", "Foreigners", "คนต่างชาติ", "နိုင်ငံခြားသားများ"),
			choice("stateless_undocumented", "Stateless or without papers", "คนไร้สัญชาติหรือไม่มีเอกสาร", "နိုင်ငံမဲ့ သို့မဟုတ် စာရွက်စာတမ်း မရှိသူများ"),
		},
		"trafficking_forms": {
			choice("sexual_exploitation", "Sexual exploitation", "การแสวงประโยชน์ทางเพศ", "လိင်ပိုင်းဆိုင်ရာ အမြတ်ထုတ်ခံရခြင်း"),
			choice("forced_labour", "Forced labour", "การบังคับใช้แรงงาน", "အတင်းအဓမ္မ အလုပ်ခိုင်းစေခြင်း"),
			choice("forced_marriage", "Forced marriage", "การบังคับแต่งงาน", "အတင်းအဓမ္မ လက်ထပ်ခိုင်းခြင်း"),
			choice("domestic_servitude", "Domestic servitude", "การบังคับเป็นคนรับใช้ในบ้าน", "အိမ်အကူအဖြစ် ကျွန်ပြုခံရခြင်း"),
			choice("fishing_maritime", "Fishing and work at sea", "ประมงและงานในทะเล", "ငါးဖမ်းလုပ်ငန်းနှင့် ပင်လယ်ပြင် အလုပ်"),
			choice("forced_criminality", "Forced crime, including online scam centres", "การบังคับให้ก่ออาชญากรรม รวมถึงแก๊งหลอกลวงออนไลน์", "အွန်လိုင်း လိမ်လည်ရေး စခန်းများ အပါအဝင် ရာဇဝတ်မှု အတင်း ကျူးလွန်ခိုင်းခြင်း"),
			choice("organ_removal", "Organ removal", "การตัดอวัยวะ", "ကိုယ်တွင်းအင်္ဂါ ထုတ်ယူခြင်း"),
		},
		"victim_statuses": {
			choice("none", "No, anyone who asks for help", "ไม่ต้อง ใครขอความช่วยเหลือก็ได้", "မလိုပါ၊ အကူအညီ တောင်းသူ မည်သူမဆို"),
			choice("presumed", "Yes, a likely victim (no formal decision needed)", "ต้องเป็นผู้ที่น่าจะเป็นผู้เสียหาย (ไม่ต้องมีการคัดแยกอย่างเป็นทางการ)", "လူကုန်ကူးခံရသူ ဖြစ်နိုင်သူ (တရားဝင် ဆုံးဖြတ်ချက် မလိုပါ)"),
			choice("identified", "Yes, formally identified by the authorities", "ต้องผ่านการคัดแยกอย่างเป็นทางการแล้ว", "အာဏာပိုင်များက တရားဝင် သတ်မှတ်ပြီးသူသာ"),
		},
		"cost_kinds": {
			choice("free", "Free", "ฟรี", "အခမဲ့"),
			choice("fee", "There is a fee", "มีค่าบริการ", "အခကြေးငွေ ရှိသည်"),
			choice("conditions", "Free only under some conditions", "ฟรีเฉพาะบางกรณี", "အချို့ အခြေအနေများတွင်သာ အခမဲ့"),
		},
		"capacity_units": {
			choice("beds", "Beds", "เตียง", "ကုတင်"),
			choice("places", "People (places)", "คน (ที่ว่าง)", "လူဦးရေ (နေရာ)"),
			choice("rooms", "Rooms", "ห้อง", "အခန်း"),
		},
		"hours": {
			choice(hours247, "Always: 24 hours, 7 days", "ตลอด 24 ชั่วโมง ทุกวัน", "အမြဲ - ၂၄ နာရီ၊ နေ့တိုင်း"),
			choice(hoursWeekdays, "Monday to Friday, 08:00–17:00", "จันทร์ถึงศุกร์ 08:00–17:00", "တနင်္လာမှ သောကြာ၊ 08:00–17:00"),
			choice(hoursCustom, "Other days or times", "วันหรือเวลาอื่น", "အခြား နေ့ သို့မဟုတ် အချိန်"),
		},
	}
	for _, t := range ServiceTypes {
		lists["service_types"] = append(lists["service_types"], choice(t.Code, t.English, t.Thai, t.Burmese))
	}
	return lists
}

// ServiceType is a service taxonomy term as the survey lists it.
type ServiceType struct {
	Code                   string
	English, Thai, Burmese string
}

// ServiceTypes are the seeded taxonomy terms (migration 0003), parents
// before their sub-terms, with the seeded English and Thai names. Terms an
// admin adds later are not in the built-in survey: an adapted XLSForm can
// list them.
var ServiceTypes = []ServiceType{
	{"accommodation", "Safe accommodation and shelter", "ที่พักพิงที่ปลอดภัย", "ဘေးကင်းသော နေရာထိုင်ခင်းနှင့် ခိုလှုံရာ"},
	{"accommodation.emergency", "Emergency shelter (tonight)", "ที่พักพิงฉุกเฉิน", "အရေးပေါ် ခိုလှုံရာ (ယနေ့ည)"},
	{"accommodation.long_term", "Long-term shelter", "ที่พักพิงระยะยาว", "ရေရှည် ခိုလှုံရာ"},
	{"accommodation.child", "Shelter for children", "ที่พักพิงสำหรับเด็ก", "ကလေးများအတွက် ခိုလှုံရာ"},
	{"medical", "Medical care", "การรักษาพยาบาล", "ဆေးကုသမှု"},
	{"medical.emergency", "Emergency medical care", "การรักษาพยาบาลฉุกเฉิน", "အရေးပေါ် ဆေးကုသမှု"},
	{"medical.sexual_reproductive", "Sexual and reproductive health", "อนามัยเจริญพันธุ์และสุขภาพทางเพศ", "လိင်နှင့် မျိုးဆက်ပွား ကျန်းမာရေး"},
	{"mental_health", "Psychosocial support and counselling", "การสนับสนุนด้านจิตสังคมและการให้คำปรึกษา", "စိတ်လူမှု ပံ့ပိုးမှုနှင့် အကြံဉာဏ်ပေးခြင်း"},
	{"mental_health.counselling", "Counselling", "การให้คำปรึกษา", "စိတ်ပိုင်းဆိုင်ရာ အကြံဉာဏ်ပေးခြင်း"},
	{"mental_health.trauma", "Trauma care", "การดูแลบาดแผลทางใจ", "စိတ်ဒဏ်ရာ ကုသမှု"},
	{"legal_aid", "Legal aid and representation", "ความช่วยเหลือทางกฎหมายและการเป็นตัวแทน", "ဥပဒေ အကူအညီနှင့် ကိုယ်စားလှယ် ဆောင်ရွက်ပေးခြင်း"},
	{"legal_aid.immigration", "Immigration and residence status", "สถานะการเข้าเมืองและการพำนัก", "လူဝင်မှုကြီးကြပ်ရေးနှင့် နေထိုင်ခွင့်"},
	{"legal_aid.criminal_case", "Support in criminal proceedings", "การสนับสนุนในคดีอาญา", "ရာဇဝတ်မှု တရားစွဲဆိုမှုတွင် ပံ့ပိုးမှု"},
	{"interpretation", "Interpretation and translation", "ล่ามและการแปล", "စကားပြန်နှင့် ဘာသာပြန်"},
	{"case_management", "Case management and referral", "การจัดการรายกรณีและการส่งต่อ", "အမှုတွဲ စီမံခန့်ခွဲမှုနှင့် လွှဲပြောင်းပေးခြင်း"},
	{"hotline", "Hotline and helpline", "สายด่วนและสายช่วยเหลือ", "ဟော့လိုင်းနှင့် အကူအညီ ဖုန်းလိုင်း"},
	{"repatriation", "Repatriation and safe return", "การส่งกลับและการกลับบ้านอย่างปลอดภัย", "နေရပ်ပြန်ပို့ခြင်းနှင့် ဘေးကင်းစွာ ပြန်လည်ရောက်ရှိခြင်း"},
	{"reintegration", "Reintegration (education, vocational training, livelihood)", "การคืนสู่สังคม (การศึกษา การฝึกอาชีพ การดำรงชีพ)", "လူ့အဖွဲ့အစည်းသို့ ပြန်လည် ပေါင်းစည်းခြင်း (ပညာရေး၊ အသက်မွေးဝမ်းကျောင်း သင်တန်း၊ ဝင်ငွေ ရရှိရေး)"},
	{"reintegration.education", "Education", "การศึกษา", "ပညာရေး"},
	{"reintegration.vocational", "Vocational training", "การฝึกอาชีพ", "အသက်မွေးဝမ်းကျောင်း သင်တန်း"},
	{"reintegration.livelihood", "Livelihood and employment", "การดำรงชีพและการจ้างงาน", "ဝင်ငွေ ရရှိရေးနှင့် အလုပ်အကိုင်"},
	{"family_tracing", "Family tracing and reunification", "การติดตามและรวมครอบครัว", "မိသားစု ရှာဖွေခြင်းနှင့် ပြန်လည် ဆုံစည်းခြင်း"},
	{"documentation", "Identity and travel documents", "เอกสารประจำตัวและเอกสารการเดินทาง", "သက်သေခံ ကတ်ပြားနှင့် ခရီးသွား စာရွက်စာတမ်းများ"},
	{"financial", "Financial and material assistance", "ความช่วยเหลือทางการเงินและสิ่งของ", "ငွေကြေးနှင့် ပစ္စည်း အကူအညီ"},
	{"child_protection", "Child protection and guardianship", "การคุ้มครองเด็กและการปกครองดูแล", "ကလေးသူငယ် ကာကွယ်ရေးနှင့် အုပ်ထိန်းမှု"},
	{"law_enforcement", "Victim identification and law-enforcement contact", "การคัดแยกผู้เสียหายและการติดต่อเจ้าหน้าที่บังคับใช้กฎหมาย", "လူကုန်ကူးခံရသူ ခွဲခြားသတ်မှတ်ခြင်းနှင့် ဥပဒေစိုးမိုးရေး အဖွဲ့များနှင့် ဆက်သွယ်ခြင်း"},
	{"labour_rights", "Labour rights and compensation claims", "สิทธิแรงงานและการเรียกร้องค่าชดเชย", "အလုပ်သမား အခွင့်အရေးနှင့် လျော်ကြေး တောင်းဆိုခြင်း"},
	{"consular", "Consular assistance", "ความช่วยเหลือด้านกงสุล", "သံရုံး သို့မဟုတ် ကောင်စစ်ဝန်ရုံး အကူအညီ"},
}
