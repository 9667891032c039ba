package feedback

import "github.com/haven-project/haven/surveys"

// tr is a text in the three languages of every test.
func tr(en, th, my string) surveys.Text {
	return surveys.Text{English: en, Thai: th, Burmese: my}
}

// The fixed texts of the questions every test asks. Editors write the
// scenarios, items and consent; these frame them.
var (
	textConsent = tr("I agree to take part. My answers are anonymous.",
		"ฉันยินยอมเข้าร่วม คำตอบของฉันไม่ระบุตัวตน",
		"ကျွန်ုပ် ပါဝင်ရန် သဘောတူပါသည်။ ကျွန်ုပ်၏ အဖြေများသည် အမည်မဖော်ပါ။")
	textLanguage  = tr("Language", "ภาษา", "ဘာသာစကား")
	textMode      = tr("How the answers were given", "วิธีการตอบ", "အဖြေပေးပုံ")
	textGroup     = tr("Which group are you in?", "คุณอยู่ในกลุ่มใด", "သင် မည်သည့်အုပ်စုတွင် ပါဝင်သနည်း။")
	textAgeBand   = tr("Your age (optional)", "อายุของคุณ (ไม่บังคับ)", "သင့်အသက် (မဖြေလည်း ရပါသည်)")
	textGender    = tr("Your gender (optional)", "เพศของคุณ (ไม่บังคับ)", "သင့်ကျား/မ (မဖြေလည်း ရပါသည်)")
	textNational  = tr("Where you are from (optional)", "คุณมาจากที่ใด (ไม่บังคับ)", "သင် မည်သည့်နေရာမှ လာသနည်း (မဖြေလည်း ရပါသည်)")
	textDraft     = tr("Directory shown", "สมุดรายชื่อที่แสดง", "ပြသထားသော လမ်းညွှန်")
	textOrder     = tr("Order the directories were shown in", "ลำดับที่แสดงสมุดรายชื่อ", "လမ်းညွှန်များ ပြသခဲ့သည့် အစီအစဉ်")
	textPreferred = tr("Which directory would you give to a friend who needs help?",
		"คุณจะให้สมุดรายชื่อเล่มไหนแก่เพื่อนที่ต้องการความช่วยเหลือ",
		"အကူအညီလိုအပ်သော သူငယ်ချင်းကို မည်သည့်လမ်းညွှန်ကို ပေးမည်နည်း။")
	textChosen = tr("Which entries would you contact?", "คุณจะติดต่อหน่วยงานใด",
		"မည်သည့် အဖွဲ့အစည်းများကို ဆက်သွယ်မည်နည်း။")
	textSuccess    = tr("A correct entry was chosen", "เลือกหน่วยงานที่ถูกต้อง", "မှန်ကန်သော အဖွဲ့အစည်းကို ရွေးခဲ့သည်")
	textSeconds    = tr("Seconds taken", "เวลาที่ใช้ (วินาที)", "ကြာချိန် (စက္ကန့်)")
	textDifficulty = tr("How hard was this?", "ยากแค่ไหน", "ဘယ်လောက် ခက်ခဲသလဲ။")
	textUnderstood = tr("Did you understand this part?", "คุณเข้าใจส่วนนี้หรือไม่", "ဤအပိုင်းကို နားလည်ပါသလား။")
	textUseful     = tr("Was this part useful?", "ส่วนนี้มีประโยชน์หรือไม่", "ဤအပိုင်းသည် အသုံးဝင်ပါသလား။")
	textComment    = tr("Anything to say about this part? (do not write names)", "มีความเห็นเกี่ยวกับส่วนนี้หรือไม่ (อย่าเขียนชื่อ)",
		"ဤအပိုင်းအကြောင်း ပြောစရာရှိပါသလား။ (အမည်များ မရေးပါနှင့်)")
	textFreeText = tr("Anything else you want to tell us? Please do not write names, phone numbers or e-mail addresses.",
		"มีอะไรอยากบอกเราอีกไหม กรุณาอย่าเขียนชื่อ เบอร์โทรศัพท์ หรืออีเมล",
		"ကျွန်ုပ်တို့ကို ပြောလိုသည်များ ရှိပါသလား။ အမည်၊ ဖုန်းနံပါတ် သို့မဟုတ် အီးမေးလ် မရေးပါနှင့်။")
	textUnmet = tr("What did you need that you could not find?", "คุณต้องการอะไรที่หาไม่พบ",
		"သင် လိုအပ်သော်လည်း ရှာမတွေ့ခဲ့သည်မှာ ဘာလဲ။")
	textUnmetService = tr("Kind of help", "ประเภทความช่วยเหลือ", "အကူအညီ အမျိုးအစား")
	textUnmetRegion  = tr("Area", "พื้นที่", "နေရာဒေသ")
	textProblems     = tr("Is something wrong with an entry?", "ข้อมูลของหน่วยงานใดไม่ถูกต้องหรือไม่",
		"အဖွဲ့အစည်းတစ်ခုခု၏ အချက်အလက် မှားနေပါသလား။")
	textProblemEntry = tr("Entry", "หน่วยงาน", "အဖွဲ့အစည်း")
	textProblemKind  = tr("What is wrong?", "ผิดอย่างไร", "ဘာမှားနေသလဲ။")
	textProblemNote  = tr("What happened? (do not write names)", "เกิดอะไรขึ้น (อย่าเขียนชื่อ)", "ဘာဖြစ်ခဲ့သလဲ။ (အမည်များ မရေးပါနှင့်)")
)

// Choice labels of the fixed lists.
var (
	// languageNames name each language in itself, as a language switch does.
	languageNames = map[string]surveys.Text{
		English: {English: "English", Thai: "English", Burmese: "English"},
		Thai:    {English: "ไทย", Thai: "ไทย", Burmese: "ไทย"},
		Burmese: {English: "မြန်မာ", Thai: "မြန်မာ", Burmese: "မြန်မာ"},
	}
	yesNoLabels = map[string]surveys.Text{
		"yes": tr("Yes", "ใช่", "ဟုတ်ကဲ့"),
		"no":  tr("No", "ไม่ใช่", "မဟုတ်ပါ"),
	}
	sectionLabels = map[string]surveys.Text{
		SectionYes:    tr("Yes", "ใช่", "ဟုတ်ကဲ့"),
		SectionPartly: tr("Partly", "บางส่วน", "တစ်စိတ်တစ်ပိုင်း"),
		SectionNo:     tr("No", "ไม่", "မဟုတ်ပါ"),
	}
	likertLabels = []surveys.Text{
		tr("Strongly disagree", "ไม่เห็นด้วยอย่างยิ่ง", "လုံးဝ သဘောမတူပါ"),
		tr("Disagree", "ไม่เห็นด้วย", "သဘောမတူပါ"),
		tr("Neither agree nor disagree", "เฉยๆ", "ကြားနေ"),
		tr("Agree", "เห็นด้วย", "သဘောတူပါသည်"),
		tr("Strongly agree", "เห็นด้วยอย่างยิ่ง", "လုံးဝ သဘောတူပါသည်"),
	}
	difficultyLabels = []surveys.Text{
		tr("Very easy", "ง่ายมาก", "အလွန်လွယ်"),
		tr("Easy", "ง่าย", "လွယ်"),
		tr("Neither easy nor hard", "ปานกลาง", "အလယ်အလတ်"),
		tr("Hard", "ยาก", "ခက်"),
		tr("Very hard", "ยากมาก", "အလွန်ခက်"),
	}
	modeLabels = map[string]surveys.Text{
		string(ModeSelf):        tr("On their own", "ตอบเอง", "ကိုယ်တိုင်ဖြေ"),
		string(ModeFacilitated): tr("With a facilitator", "มีผู้ช่วยกรอก", "အကူအညီပေးသူနှင့်"),
	}
	attributeLabels = map[string]surveys.Text{
		"under_18":             tr("Under 18", "ต่ำกว่า 18", "၁၈ နှစ်အောက်"),
		"18_24":                tr("18–24", "18–24", "၁၈–၂၄"),
		"25_34":                tr("25–34", "25–34", "၂၅–၃၄"),
		"35_49":                tr("35–49", "35–49", "၃၅–၄၉"),
		"50_plus":              tr("50 or older", "50 ขึ้นไป", "၅၀ နှင့်အထက်"),
		"female":               tr("Woman", "หญิง", "အမျိုးသမီး"),
		"male":                 tr("Man", "ชาย", "အမျိုးသား"),
		"other":                tr("Another gender", "เพศอื่น", "အခြား"),
		"national":             tr("From this country", "มาจากประเทศนี้", "ဤနိုင်ငံမှ"),
		"neighbouring_country": tr("From a neighbouring country", "มาจากประเทศเพื่อนบ้าน", "အိမ်နီးချင်းနိုင်ငံမှ"),
		"other_country":        tr("From another country", "มาจากประเทศอื่น", "အခြားနိုင်ငံမှ"),
		"stateless":            tr("Stateless or no documents", "ไร้สัญชาติหรือไม่มีเอกสาร", "နိုင်ငံမဲ့ သို့မဟုတ် စာရွက်စာတမ်းမရှိ"),
		Undisclosed:            tr("I prefer not to say", "ไม่ขอตอบ", "မဖြေလိုပါ"),
	}
	problemLabels = map[ProblemKind]surveys.Text{
		ProblemWrongPhone:     tr("The phone number is wrong", "เบอร์โทรศัพท์ไม่ถูกต้อง", "ဖုန်းနံပါတ် မှားနေသည်"),
		ProblemClosed:         tr("It has closed", "ปิดทำการแล้ว", "ပိတ်သွားပြီ"),
		ProblemRefusedService: tr("They refused to help", "ปฏิเสธไม่ให้ความช่วยเหลือ", "ကူညီရန် ငြင်းဆိုခဲ့သည်"),
		ProblemWrongAddress:   tr("The address is wrong", "ที่อยู่ไม่ถูกต้อง", "လိပ်စာ မှားနေသည်"),
		ProblemOther:          tr("Something else", "อื่น ๆ", "အခြား"),
	}
)
