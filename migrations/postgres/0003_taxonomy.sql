-- The service taxonomy (reference §2): stable codes, a parent for sub-terms,
-- and translations. Admins can add terms; seeded terms are marked builtin.
CREATE TABLE taxonomy_terms (
	code        VARCHAR(64) PRIMARY KEY,
	parent_code VARCHAR(64) REFERENCES taxonomy_terms(code),
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	position    INTEGER NOT NULL DEFAULT 0,
	builtin     BOOLEAN NOT NULL DEFAULT FALSE,
	created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX taxonomy_terms_parent ON taxonomy_terms(parent_code);

CREATE TABLE taxonomy_translations (
	code        VARCHAR(64) NOT NULL REFERENCES taxonomy_terms(code) ON DELETE CASCADE,
	language    VARCHAR(16) NOT NULL,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (code, language)
);

INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('accommodation', NULL, 'Safe accommodation and shelter', 1, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('accommodation.emergency', 'accommodation', 'Emergency shelter (tonight)', 2, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('accommodation.long_term', 'accommodation', 'Long-term shelter', 3, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('accommodation.child', 'accommodation', 'Shelter for children', 4, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('medical', NULL, 'Medical care', 5, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('medical.emergency', 'medical', 'Emergency medical care', 6, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('medical.sexual_reproductive', 'medical', 'Sexual and reproductive health', 7, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('mental_health', NULL, 'Psychosocial support and counselling', 8, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('mental_health.counselling', 'mental_health', 'Counselling', 9, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('mental_health.trauma', 'mental_health', 'Trauma care', 10, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('legal_aid', NULL, 'Legal aid and representation', 11, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('legal_aid.immigration', 'legal_aid', 'Immigration and residence status', 12, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('legal_aid.criminal_case', 'legal_aid', 'Support in criminal proceedings', 13, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('interpretation', NULL, 'Interpretation and translation', 14, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('case_management', NULL, 'Case management and referral', 15, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('hotline', NULL, 'Hotline and helpline', 16, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('repatriation', NULL, 'Repatriation and safe return', 17, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('reintegration', NULL, 'Reintegration (education, vocational training, livelihood)', 18, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('reintegration.education', 'reintegration', 'Education', 19, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('reintegration.vocational', 'reintegration', 'Vocational training', 20, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('reintegration.livelihood', 'reintegration', 'Livelihood and employment', 21, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('family_tracing', NULL, 'Family tracing and reunification', 22, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('documentation', NULL, 'Identity and travel documents', 23, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('financial', NULL, 'Financial and material assistance', 24, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('child_protection', NULL, 'Child protection and guardianship', 25, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('law_enforcement', NULL, 'Victim identification and law-enforcement contact', 26, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('labour_rights', NULL, 'Labour rights and compensation claims', 27, TRUE, CURRENT_TIMESTAMP);
INSERT INTO taxonomy_terms (code, parent_code, name, position, builtin, created_at) VALUES ('consular', NULL, 'Consular assistance', 28, TRUE, CURRENT_TIMESTAMP);

INSERT INTO taxonomy_translations (code, language, name) VALUES ('accommodation', 'th', 'ที่พักพิงที่ปลอดภัย');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('accommodation.emergency', 'th', 'ที่พักพิงฉุกเฉิน');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('accommodation.long_term', 'th', 'ที่พักพิงระยะยาว');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('accommodation.child', 'th', 'ที่พักพิงสำหรับเด็ก');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('medical', 'th', 'การรักษาพยาบาล');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('medical.emergency', 'th', 'การรักษาพยาบาลฉุกเฉิน');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('medical.sexual_reproductive', 'th', 'อนามัยเจริญพันธุ์และสุขภาพทางเพศ');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('mental_health', 'th', 'การสนับสนุนด้านจิตสังคมและการให้คำปรึกษา');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('mental_health.counselling', 'th', 'การให้คำปรึกษา');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('mental_health.trauma', 'th', 'การดูแลบาดแผลทางใจ');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('legal_aid', 'th', 'ความช่วยเหลือทางกฎหมายและการเป็นตัวแทน');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('legal_aid.immigration', 'th', 'สถานะการเข้าเมืองและการพำนัก');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('legal_aid.criminal_case', 'th', 'การสนับสนุนในคดีอาญา');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('interpretation', 'th', 'ล่ามและการแปล');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('case_management', 'th', 'การจัดการรายกรณีและการส่งต่อ');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('hotline', 'th', 'สายด่วนและสายช่วยเหลือ');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('repatriation', 'th', 'การส่งกลับและการกลับบ้านอย่างปลอดภัย');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('reintegration', 'th', 'การคืนสู่สังคม (การศึกษา การฝึกอาชีพ การดำรงชีพ)');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('reintegration.education', 'th', 'การศึกษา');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('reintegration.vocational', 'th', 'การฝึกอาชีพ');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('reintegration.livelihood', 'th', 'การดำรงชีพและการจ้างงาน');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('family_tracing', 'th', 'การติดตามและรวมครอบครัว');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('documentation', 'th', 'เอกสารประจำตัวและเอกสารการเดินทาง');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('financial', 'th', 'ความช่วยเหลือทางการเงินและสิ่งของ');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('child_protection', 'th', 'การคุ้มครองเด็กและการปกครองดูแล');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('law_enforcement', 'th', 'การคัดแยกผู้เสียหายและการติดต่อเจ้าหน้าที่บังคับใช้กฎหมาย');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('labour_rights', 'th', 'สิทธิแรงงานและการเรียกร้องค่าชดเชย');
INSERT INTO taxonomy_translations (code, language, name) VALUES ('consular', 'th', 'ความช่วยเหลือด้านกงสุล');
