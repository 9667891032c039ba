package demo

import (
	"context"
	"fmt"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping/drafts"
)

// The demo's two drafts of a directory for the Thai–Myanmar border, to be
// compared in a feedback test: the same area, laid out differently.
const (
	DraftA = "Thailand — Mae Sot & Tak (A)"
	DraftB = "Thailand — Mae Sot & Tak (B)"
)

// demoRegions are the provinces the demo drafts cover: Tak, where Mae Sot
// lies, and its neighbours (OCHA COD-AB codes).
var demoRegions = []string{"TH63", "TH62", "TH64", "TH50", "TH58"}

// demoSections are the demo's content sections. The rights section sums up
// Thailand's Anti-Trafficking in Persons Act B.E. 2551 (2008) in plain
// words; like every text of the demo it is an example, to be checked by a
// lawyer and native speakers before anything is printed for real use.
// Bodies are raw strings, written as they print: a blank line between
// paragraphs, a line a bullet.
var demoSections = []drafts.SectionInput{
	{Kind: drafts.KindHowTo, Texts: map[string]drafts.SectionText{
		"en": {Title: "How to use this directory", Body: `Services are listed by area, then by the kind of help they give. Each entry says how to contact it, when it is open, what it costs, who can come and the languages spoken.

- Call or send a message before you go: hours can change.
- Some shelters do not show their address, to keep the people staying there safe. Call them and they will tell you where to go.
- Every service here is free unless it says otherwise.`},
		"th": {Title: "วิธีใช้สมุดรายชื่อนี้", Body: `บริการจัดเรียงตามพื้นที่ แล้วตามประเภทความช่วยเหลือ แต่ละรายการบอกวิธีติดต่อ เวลาทำการ ค่าใช้จ่าย ผู้ที่รับบริการได้ และภาษาที่ใช้

- โปรดโทรหรือส่งข้อความก่อนไป เพราะเวลาทำการอาจเปลี่ยนแปลง
- บ้านพักบางแห่งไม่แสดงที่อยู่ เพื่อความปลอดภัยของผู้ที่พักอยู่ โทรไปแล้วเจ้าหน้าที่จะบอกทางให้
- ทุกบริการในนี้ไม่มีค่าใช้จ่าย เว้นแต่จะระบุไว้`},
		"my": {Title: "ဤလမ်းညွှန်ကို အသုံးပြုပုံ", Body: `ဝန်ဆောင်မှုများကို ဒေသအလိုက်၊ ထို့နောက် အကူအညီ အမျိုးအစားအလိုက် စီထားသည်။ စာရင်းတစ်ခုစီတွင် ဆက်သွယ်ပုံ၊ ဖွင့်ချိန်၊ ကုန်ကျစရိတ်၊ လာရောက်နိုင်သူနှင့် ပြောဆိုသည့် ဘာသာစကားတို့ကို ဖော်ပြထားသည်။

- မသွားမီ ဖုန်းဆက်ပါ သို့မဟုတ် မက်ဆေ့ချ် ပို့ပါ။ ဖွင့်ချိန် ပြောင်းလဲနိုင်သည်။
- အချို့ ခိုလှုံရာနေရာများသည် ထိုနေရာရှိ လူများ၏ လုံခြုံရေးအတွက် လိပ်စာကို မဖော်ပြပါ။ ဖုန်းဆက်လျှင် သွားရမည့်နေရာကို ပြောပြပါလိမ့်မည်။
- အခကြေးငွေ ဖော်ပြမထားလျှင် ဤဝန်ဆောင်မှုအားလုံး အခမဲ့ ဖြစ်သည်။`},
	}},
	{Kind: drafts.KindTrafficking, Texts: map[string]drafts.SectionText{
		"en": {Title: "What is human trafficking?", Body: `Human trafficking is when someone is moved, recruited or held by lies, threats, force or debt, so that others can profit from their work or their body.

- You were promised one job and made to do another.
- Your passport or pay is kept from you.
- You cannot leave, or you owe a debt that never ends.

If this happened to you or someone you know, it is not your fault, and help is free.`},
		"th": {Title: "การค้ามนุษย์คืออะไร", Body: `การค้ามนุษย์ คือการที่มีผู้ชักชวน พาไป หรือกักตัวบุคคลด้วยการหลอกลวง ข่มขู่ ใช้กำลัง หรือทำให้เป็นหนี้ เพื่อหาประโยชน์จากแรงงานหรือร่างกายของเขา

- ถูกสัญญาว่าจะได้งานหนึ่ง แต่ถูกบังคับให้ทำอีกงานหนึ่ง
- ถูกยึดหนังสือเดินทางหรือค่าจ้าง
- ออกไปไม่ได้ หรือมีหนี้ที่ใช้เท่าไรก็ไม่หมด

หากเรื่องนี้เกิดกับคุณหรือคนที่คุณรู้จัก นั่นไม่ใช่ความผิดของคุณ และความช่วยเหลือไม่มีค่าใช้จ่าย`},
		"my": {Title: "လူကုန်ကူးမှု ဆိုသည်မှာ", Body: `လူကုန်ကူးမှုဆိုသည်မှာ လိမ်လည်ခြင်း၊ ခြိမ်းခြောက်ခြင်း၊ အင်အားသုံးခြင်း သို့မဟုတ် အကြွေးဖြင့် လူတစ်ဦးကို ခေါ်ဆောင်၊ စုဆောင်း သို့မဟုတ် ထိန်းထားပြီး ၎င်း၏ လုပ်အား သို့မဟုတ် ခန္ဓာကိုယ်မှ အမြတ်ထုတ်ခြင်း ဖြစ်သည်။

- အလုပ်တစ်ခု ကတိပေးပြီး အခြားအလုပ်ကို အတင်းလုပ်ခိုင်းခြင်း။
- နိုင်ငံကူးလက်မှတ် သို့မဟုတ် လုပ်ခကို သိမ်းထားခြင်း။
- ထွက်ခွာ၍ မရခြင်း သို့မဟုတ် ဘယ်တော့မှ မကုန်နိုင်သော အကြွေး ရှိခြင်း။

ဤအရာသည် သင် သို့မဟုတ် သင်သိသူ တစ်ဦးအပေါ် ဖြစ်ခဲ့လျှင် သင့်အပြစ် မဟုတ်ပါ။ အကူအညီသည် အခမဲ့ ဖြစ်သည်။`},
	}},
	{Kind: drafts.KindRights, Country: "TH", Texts: map[string]drafts.SectionText{
		"en": {Title: "Your rights in Thailand", Body: `Thailand's anti-trafficking law protects victims whatever their nationality or papers.

- Shelter, food, health care and counselling, free of charge.
- Legal help, and an interpreter when you speak to the police or a court.
- You can claim compensation from those who exploited you.
- You may be allowed to stay, and to work, in Thailand while your case goes on.
- You should not be punished for entering Thailand or working without papers because you were trafficked.
- Help to go home safely, when you want to.`},
		"th": {Title: "สิทธิของคุณในประเทศไทย", Body: `กฎหมายป้องกันและปราบปรามการค้ามนุษย์ของไทยคุ้มครองผู้เสียหาย ไม่ว่าจะมีสัญชาติหรือเอกสารใด

- ที่พัก อาหาร การรักษาพยาบาล และการให้คำปรึกษา โดยไม่เสียค่าใช้จ่าย
- ความช่วยเหลือทางกฎหมาย และล่ามเมื่อต้องให้ปากคำกับตำรวจหรือศาล
- เรียกร้องค่าสินไหมทดแทนจากผู้ที่แสวงประโยชน์จากคุณได้
- อาจได้รับอนุญาตให้อยู่และทำงานในประเทศไทยระหว่างดำเนินคดี
- ไม่ควรถูกลงโทษฐานเข้าเมืองหรือทำงานโดยไม่มีเอกสาร เพราะคุณตกเป็นผู้เสียหายจากการค้ามนุษย์
- ความช่วยเหลือให้เดินทางกลับบ้านอย่างปลอดภัย เมื่อคุณต้องการ`},
		"my": {Title: "ထိုင်းနိုင်ငံတွင် သင်၏ အခွင့်အရေးများ", Body: `ထိုင်းနိုင်ငံ၏ လူကုန်ကူးမှု တားဆီးရေး ဥပဒေသည် နိုင်ငံသား သို့မဟုတ် စာရွက်စာတမ်း မည်သို့ပင်ရှိစေ ခံစားရသူများကို ကာကွယ်ပေးသည်။

- နေရာထိုင်ခင်း၊ အစားအစာ၊ ကျန်းမာရေး စောင့်ရှောက်မှုနှင့် အကြံပေးခြင်းကို အခမဲ့ ရနိုင်သည်။
- ဥပဒေ အကူအညီ၊ ရဲ သို့မဟုတ် တရားရုံးတွင် ပြောဆိုရာ၌ စကားပြန် ရနိုင်သည်။
- သင့်ကို အမြတ်ထုတ်ခဲ့သူများထံမှ လျော်ကြေး တောင်းဆိုနိုင်သည်။
- အမှု ဆက်လက်နေစဉ် ထိုင်းနိုင်ငံတွင် နေထိုင်ခွင့်နှင့် အလုပ်လုပ်ခွင့် ရနိုင်သည်။
- လူကုန်ကူးခံရသောကြောင့် စာရွက်စာတမ်းမဲ့ ဝင်ရောက်ခြင်း သို့မဟုတ် အလုပ်လုပ်ခြင်းအတွက် အပြစ်ပေးခံရခြင်း မရှိသင့်ပါ။
- သင် ဆန္ဒရှိသည့်အခါ နေရပ်သို့ ဘေးကင်းစွာ ပြန်နိုင်ရန် အကူအညီ ရနိုင်သည်။`},
	}},
	{Kind: drafts.KindSafety, Texts: map[string]drafts.SectionText{
		"en": {Title: "Getting help safely", Body: `- If you can, call from a phone the people controlling you do not check.
- Delete the call from the phone's history if someone may look.
- Keep this booklet, or a photo of the hotline numbers, where others will not find it.
- You can ask for a worker who speaks your language, and for a woman or a man to speak with.
- Services listed here will not ask you to pay, and will not share what you tell them without asking you.`},
		"th": {Title: "ขอความช่วยเหลืออย่างปลอดภัย", Body: `- ถ้าทำได้ ให้โทรจากโทรศัพท์ที่ผู้ควบคุมคุณไม่ได้ตรวจดู
- ลบประวัติการโทรออกจากโทรศัพท์ หากอาจมีคนตรวจดู
- เก็บคู่มือนี้ หรือรูปถ่ายหมายเลขสายด่วน ไว้ในที่ที่ผู้อื่นหาไม่เจอ
- คุณขอพูดกับเจ้าหน้าที่ที่พูดภาษาของคุณ หรือขอพูดกับเจ้าหน้าที่หญิงหรือชายได้
- บริการในนี้จะไม่เรียกเก็บเงิน และจะไม่เปิดเผยสิ่งที่คุณเล่าโดยไม่ถามคุณก่อน`},
		"my": {Title: "အကူအညီကို ဘေးကင်းစွာ ရယူခြင်း", Body: `- ဖြစ်နိုင်လျှင် သင့်ကို ထိန်းချုပ်သူများ မစစ်ဆေးသော ဖုန်းဖြင့် ခေါ်ဆိုပါ။
- တစ်စုံတစ်ယောက် ကြည့်နိုင်လျှင် ဖုန်းခေါ်ဆိုမှု မှတ်တမ်းကို ဖျက်ပါ။
- ဤလမ်းညွှန် သို့မဟုတ် ဖုန်းနံပါတ်များ၏ ဓာတ်ပုံကို အခြားသူများ မတွေ့နိုင်သည့်နေရာတွင် သိမ်းထားပါ။
- သင့်ဘာသာစကား ပြောတတ်သော ဝန်ထမ်း၊ အမျိုးသမီး သို့မဟုတ် အမျိုးသား ဝန်ထမ်းနှင့် စကားပြောရန် တောင်းဆိုနိုင်သည်။
- ဤတွင် ဖော်ပြထားသော ဝန်ဆောင်မှုများသည် ငွေမတောင်းပါ၊ သင်ပြောပြသည်များကို သင့်ကို မမေးဘဲ မျှဝေမည် မဟုတ်ပါ။`},
	}},
	{Kind: drafts.KindEmergency, Country: "TH", Texts: map[string]drafts.SectionText{
		"en": {Title: "Emergency numbers in Thailand", Body: `Free from any phone, day and night. You can call even without credit.`},
		"th": {Title: "หมายเลขฉุกเฉินในประเทศไทย", Body: `โทรฟรีจากทุกโทรศัพท์ ตลอด 24 ชั่วโมง แม้ไม่มีเงินในโทรศัพท์`},
		"my": {Title: "ထိုင်းနိုင်ငံရှိ အရေးပေါ်ဖုန်းနံပါတ်များ", Body: `မည်သည့်ဖုန်းမှမဆို နေ့ညမပြတ် အခမဲ့ ခေါ်ဆိုနိုင်သည်။ ဖုန်းငွေ မရှိလည်း ခေါ်နိုင်သည်။`},
	}, Numbers: []drafts.Number{
		{Value: "191", Labels: map[string]string{"en": "Police", "th": "ตำรวจ", "my": "ရဲ"}},
		{Value: "1300", Labels: map[string]string{"en": "Social assistance hotline (Prachabodi Centre)", "th": "ศูนย์ช่วยเหลือสังคม (ศูนย์ประชาบดี)", "my": "လူမှုအကူအညီ ဖုန်းလိုင်း (ပရာချာဘိုဒီ စင်တာ)"}},
		{Value: "1669", Labels: map[string]string{"en": "Ambulance and medical emergency", "th": "การแพทย์ฉุกเฉิน", "my": "လူနာတင်ယာဉ်နှင့် ဆေးဘက်ဆိုင်ရာ အရေးပေါ်"}},
		{Value: "1155", Labels: map[string]string{"en": "Tourist police (speaks English)", "th": "ตำรวจท่องเที่ยว", "my": "ခရီးသွား ရဲ (အင်္ဂလိပ်စကား ပြောသည်)"}},
	}},
}

// loadDrafts writes the demo's content sections and its two drafts, and
// freezes each for testing, as admin.
func loadDrafts(ctx context.Context, ds *drafts.Service, admin accounts.User) ([]drafts.Version, error) {
	ids := map[string]string{}
	for _, in := range demoSections {
		sec, err := ds.CreateSection(ctx, admin, in)
		if err != nil {
			return nil, fmt.Errorf("demo section %s: %w", in.Kind, err)
		}
		ids[in.Kind] = sec.ID
	}
	rules := drafts.Rules{Regions: demoRegions}
	inputs := []drafts.DraftInput{
		{Name: DraftA, Countries: []string{"TH"}, Audience: drafts.AudienceTesting, Settings: drafts.Settings{
			Language: "th", Rules: rules,
			Grouping: drafts.Grouping{Order: drafts.OrderRegionService, RegionSet: "th", RegionLevel: 1},
			Sections: []string{ids[drafts.KindHowTo], ids[drafts.KindEmergency], ids[drafts.KindTrafficking], ids[drafts.KindRights], ids[drafts.KindSafety]}}},
		// B: the kind of help first, in Burmese, and a shorter front part.
		{Name: DraftB, Countries: []string{"TH"}, Audience: drafts.AudienceTesting, Settings: drafts.Settings{
			Language: "my", Rules: rules,
			Grouping: drafts.Grouping{Order: drafts.OrderServiceRegion, RegionSet: "th", RegionLevel: 1},
			Sections: []string{ids[drafts.KindEmergency], ids[drafts.KindSafety], ids[drafts.KindRights]}}},
	}
	var out []drafts.Version
	for _, in := range inputs {
		d, err := ds.CreateDraft(ctx, admin, in)
		if err != nil {
			return nil, fmt.Errorf("demo draft %s: %w", in.Name, err)
		}
		v, err := ds.Freeze(ctx, admin, d.ID, "Demo: first round of feedback tests")
		if err != nil {
			return nil, fmt.Errorf("freeze demo draft %s: %w", in.Name, err)
		}
		out = append(out, v)
	}
	return out, nil
}
