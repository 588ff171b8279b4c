# واجهة ليمس — العربية (من اليمين إلى اليسار). المفاتيح والمعاملات ({ $name }) نفسها كما في en.ftl.

## كل الصفحات: التنقل والهوية

nav-check = الفحص
nav-arrivals = الرحلات القادمة
nav-piu-worklist = قائمة عمل وحدة معلومات الركاب
nav-targeting-rules = قواعد الاستهداف
nav-second-line = الخط الثاني
nav-history = سجل العبور
nav-admin = الإدارة
nav-audit = التدقيق
nav-sync = عُقد المنافذ الحدودية
layout-bcp = المنفذ الحدودي { $bcp }
layout-sign-out = تسجيل الخروج
layout-language = اللغة
layout-language-apply = تطبيق

## عناوين الصفحات (تبويب المتصفح)

title-sign-in = تسجيل الدخول
title-check = الفحص الحدودي
title-crossing = نتيجة الفحص
title-purpose = الغرض من الاطلاع
title-second-line = الخط الثاني
title-history = سجل العبور
title-admin = الإدارة
title-audit = سجل التدقيق
title-arrivals = الرحلات القادمة
title-piu-worklist = قائمة عمل وحدة معلومات الركاب
title-flight = الرحلة
title-rules = قواعد الاستهداف
title-sync = عُقد المنافذ الحدودية

## كلمات مشتركة بين الصفحات

common-yes = نعم
common-no = لا
common-all = الكل
common-unknown = غير معروف
common-unspecified = غير محدد
common-by = بواسطة { $who }
common-at = في { $time }
common-time-by = { $time } بواسطة { $who }
common-when = التاريخ
common-when-utc = التاريخ (التوقيت العالمي)
common-bcp = المنفذ الحدودي
common-direction = الاتجاه
common-outcome = القرار
common-document = الوثيقة
common-documents = الوثائق
common-traveller = المسافر
common-reason = السبب
common-reasons = الأسباب
common-name = الاسم
common-role = الدور
common-agency = الجهة
common-active = نشط
common-purpose = الغرض
common-status = الحالة
common-flight = الرحلة
common-route = المسار
common-departure = المغادرة
common-arrival = الوصول
common-open-hits = تطابقات قيد المراجعة
common-nationality = الجنسية
common-sex = الجنس
common-open = فتح
common-continue = متابعة
common-search = بحث
purpose-border-check = فحص حدودي
purpose-second-line = فحص الخط الثاني
purpose-risk-analysis = تحليل المخاطر
purpose-supervision = الإشراف
purpose-liaison = طلب من ضابط اتصال

## رموز تُعرض على الموظفين: الأدوار والقرارات والحالات

role-first_line_officer = ضابط الخط الأول
role-second_line_officer = ضابط الخط الثاني
role-analyst = محلل المخاطر
role-supervisor = مشرف المناوبة
role-liaison_officer = ضابط اتصال
role-administrator = مسؤول النظام
role-auditor = مدقق
outcome-admitted = سُمح بالعبور
outcome-refused = رُفض الدخول
outcome-referred_second_line = أُحيل إلى الخط الثاني
outcome-international_protection = طلب حماية دولية
direction-entry = دخول
direction-exit = خروج
status-pending = قيد الانتظار
status-referred = محال إلى الخط الثاني
status-decided = صدر القرار
bcp-kind-land = بري
bcp-kind-air = جوي
bcp-kind-sea = بحري
severity-low = منخفضة
severity-medium = متوسطة
severity-high = عالية
severity-critical = حرجة
alert-status-lost = مفقودة
alert-status-stolen = مسروقة
alert-status-revoked = مسحوبة
alert-status-invalidated = ملغاة
alert-status-stolen_blank = نموذج فارغ مسروق
hit-kind-document_alert = تنبيه وثيقة
hit-kind-watchlist = قائمة المراقبة
hit-kind-rule = قاعدة استهداف
hit-status-open = قيد المراجعة
hit-status-confirmed = مؤكَّد
hit-status-dismissed = مستبعَد
node-state-silent-behind = منقطع الاتصال، متأخر
node-state-silent = منقطع الاتصال
node-state-behind = متأخر
node-state-in-contact = متصل

## تسجيل الدخول

login-heading = تسجيل الدخول
login-username = اسم المستخدم
login-password = كلمة المرور
login-bcp = المنفذ الحدودي
login-bcp-as-assigned = — حسب التكليف —
login-submit = تسجيل الدخول

## صفحة الخطأ

error-title = خطأ { $status }
error-heading = { $status } — حدث خطأ
error-back = رجوع
error-start-page = الصفحة الرئيسية

## الفحص الحدودي

check-recorded = تم التسجيل:
check-ready-next = جاهز للمسافر التالي.
check-heading = الفحص الحدودي
check-entry = دخول
check-exit = خروج
check-mrz-label = المنطقة المقروءة آليًا — امسح الوثيقة ضوئيًا أو اكتب المنطقة؛ يبدأ الفحص عند اكتمال المنطقة والضغط على Enter
check-manual-summary = لا توجد منطقة مقروءة؟ أدخل بيانات الوثيقة يدويًا
check-document-code = رمز الوثيقة
check-issuing-state = الدولة المُصدِرة
check-document-number = رقم الوثيقة
check-surname = اسم العائلة
check-given-names = الاسم الأول والأسماء الأخرى
check-birth-date = تاريخ الميلاد
check-expiry-date = تاريخ انتهاء الصلاحية
check-date-placeholder = YYYY-MM-DD
check-submit = فحص

## نتيجة الفحص والقرار

crossing-no-alerts = لا تنبيهات، ولا تطابق في قوائم المراقبة، والوثيقة صالحة.
verdict-clear = لا تنبيهات: تابع الفحص المعتاد
verdict-caution = تحقق من النقاط أدناه قبل اتخاذ القرار
verdict-refer = إحالة إلى الخط الثاني
crossing-pre-arrival-heading = تنبيهات ما قبل الوصول التي أكدتها وحدة معلومات الركاب
crossing-pre-arrival-flight = الرحلة { $flight } المتجهة إلى { $airport }
crossing-pre-arrival-expected-at = يُتوقع وصوله إلى المنفذ الحدودي { $bcp }
crossing-pre-arrival-confirmed = مؤكَّد
crossing-second-line-decision = قرار الخط الثاني
crossing-decision = القرار
crossing-admit = السماح بالعبور
crossing-refer = الإحالة إلى الخط الثاني
crossing-protection = طلب حماية دولية
crossing-refusal-reason = سبب رفض الدخول
crossing-choose = — اختر —
crossing-note = ملاحظة
crossing-refuse = رفض الدخول
crossing-status = الحالة: { $status }
crossing-reason-code = السبب { $code }
crossing-first-line = الخط الأول: { $outcome }
crossing-decided-by = صدر القرار عن { $who }
crossing-note-text = ملاحظة: { $note }
crossing-document-heading = الوثيقة
crossing-expiry = انتهاء الصلاحية
crossing-checked = الفحص
crossing-checked-text = { $direction } عبر المنفذ الحدودي { $bcp }، في { $time }، بواسطة { $officer } ({ $method })
crossing-document-problems = مشكلات في الوثيقة
crossing-document-alerts = تنبيهات الوثائق
crossing-no-document-alert = لا يوجد أي تنبيه في السجل ({ $document }).
crossing-possible-confusion = احتمال التباس بين O و0 أو بين I و1 — قارن بالعين المجردة
crossing-watchlists = قوائم المراقبة
crossing-no-watchlist-hit = لا يوجد تطابق بنسبة { $percent }% أو أكثر في القوائم السارية.
crossing-matched-name = الاسم المطابق: { $name }
crossing-listed = سبب الإدراج: { $reason }
crossing-why = التعليل: { $why }
crossing-previous = عمليات العبور السابقة
crossing-previous-summary = عدد عمليات العبور قبل هذا الفحص: { $total } (الدخول: { $entries }، الخروج: { $exits }، رفض الدخول: { $refusals }، الإحالة إلى الخط الثاني: { $referrals }).

## الغرض من الاطلاع

purpose-heading = الغرض من الاطلاع
purpose-explain = تعرض هذه الصفحة بيانات شخصية. يُسجَّل كل اطلاع مع الغرض منه.

## الخط الثاني

second-line-heading = الخط الثاني — المسافرون المحالون
second-line-empty = لا أحد في الانتظار.
second-line-since = منذ
second-line-referred-by = أحاله
second-line-examine = فحص

## سجل العبور

history-heading = سجل العبور
history-search = اسم العائلة أو رقم الوثيقة
history-count = { $count ->
        [zero] لا توجد أي عملية عبور.
        [one] عملية عبور واحدة.
        [two] عمليتا عبور.
        [few] { $count } عمليات عبور.
        [many] { $count } عملية عبور.
       *[other] { $count } عملية عبور.
    }

## الإدارة

admin-watchlists = قوائم المراقبة
admin-list = القائمة
admin-entries = القيود
admin-published = تاريخ النشر
admin-imported = تاريخ الاستيراد
admin-version = الإصدار
admin-list-id = معرّف القائمة
admin-format = الصيغة
admin-format-detect = اكتشاف تلقائي
admin-format-un-xml = القائمة الموحدة للأمم المتحدة (XML)
admin-format-ofac-csv = قائمة OFAC SDN بصيغة CSV (الملف الرئيسي)
admin-format-uk-hmt = قائمة الخزانة البريطانية HMT بصيغة CSV
admin-format-limes-csv = ليمس، CSV
admin-format-limes-json = ليمس، JSON
admin-file = الملف
admin-import-watchlist = استيراد قائمة المراقبة
admin-document-register = سجل تنبيهات الوثائق
admin-records = { $count ->
        [zero] سجل.
        [one] سجل.
        [two] سجل.
        [few] سجلات.
        [many] سجلًا.
       *[other] سجل.
    }
admin-csv-file = ملف CSV
admin-replace-register = استبدال السجل بالكامل
admin-import-documents = استيراد تنبيهات الوثائق
admin-bcps = المنافذ الحدودية
admin-code = الرمز
admin-kind = النوع
admin-section = القطاع
admin-border-section = قطاع الحدود
admin-neighbour = الدولة المجاورة
admin-neighbour-icao = الدولة المجاورة (رمز الإيكاو)
admin-save-bcp = حفظ المنفذ الحدودي
admin-users = المستخدمون
admin-username = اسم المستخدم
admin-display-name = الاسم المعروض
admin-bcps-column = المنافذ الحدودية
admin-bcps-field = المنافذ الحدودية (مفصولة بفواصل؛ الترك فارغًا = الكل)
admin-password = كلمة المرور الأولية (10 أحرف أو أكثر)
admin-deactivate = تعطيل
admin-activate = تفعيل
admin-create-user = إنشاء المستخدم

## سجل التدقيق

audit-heading = سجل التدقيق
audit-chain-intact = سلسلة التجزئة سليمة: تم التحقق من { $count ->
        [zero] { $count } قيد.
        [one] قيد واحد.
        [two] قيدين.
        [few] { $count } قيود.
        [many] { $count } قيدًا.
       *[other] { $count } قيد.
    }
audit-who = المستخدم
audit-action = الإجراء
audit-subject = الموضوع
audit-detail = التفاصيل

## المعلومات المسبقة عن الركاب: لوحة الرحلات القادمة

board-heading = الرحلات القادمة — { $day }
board-day = اليوم
board-show = عرض
board-explain = المعلومات المسبقة عن الركاب الواردة للرحلات القادمة في هذا اليوم. تتحدث اللوحة تلقائيًا كل 15 ثانية.
board-passengers = الركاب
board-crew = الطاقم
board-confirmed = المؤكَّدة
board-dismissed = المستبعَدة
board-manifests = قوائم الركاب
board-last-received = آخر استلام
board-empty = لا توجد معلومات مسبقة عن الركاب لهذا اليوم.
board-updated = حُدّث في { $time } — عدد الرحلات: { $count }.
board-not-updated = لم يتم التحديث ({ $error })؛ جارٍ إعادة المحاولة.
board-upload-heading = تسليم رسالة PAXLST
board-upload-explain = يرسل الناقلون رسائلهم إلى { $endpoint } أو إلى مجلد الوارد؛ ويمكن تسليم رسالة وردت بطريقة أخرى هنا. تُفحص فور استلامها.
board-upload-file = ملف UN/EDIFACT PAXLST
board-upload-submit = استلام وفحص

## المعلومات المسبقة عن الركاب: قائمة عمل وحدة معلومات الركاب

worklist-heading = وحدة معلومات الركاب — رحلات فيها تطابقات قيد المراجعة
worklist-empty = لا توجد تطابقات قيد المراجعة. تُفحص قوائم الركاب الجديدة فور وصولها.
worklist-most-serious = أعلى خطورة
worklist-travellers = المسافرون
worklist-people = { $passengers } + { $crew } من الطاقم
worklist-review = مراجعة

## المعلومات المسبقة عن الركاب: رحلة واحدة

flight-legs = مراحل الرحلة
flight-purpose-recorded = { $purpose } (مسجَّل)
flight-travellers-with-hits = المسافرون الذين لديهم تطابقات
flight-no-hits = لا يوجد تطابق لأي شخص في قوائم الركاب الحالية.
flight-born = تاريخ الميلاد { $date }
flight-born-unknown = تاريخ الميلاد غير معروف
flight-booking = الحجز { $reference }
flight-seat = المقعد { $seat }
flight-documents = الوثائق: { $documents }
flight-review-reason = السبب
flight-review-placeholder = ما الذي قارنته
flight-confirm = تأكيد — تنبيه منفذ الوصول
flight-dismiss = استبعاد لأنه تطابق خاطئ
flight-manifest = قائمة الركاب ({ $count } آخرون بلا تطابق)
flight-born-column = تاريخ الميلاد
flight-booking-column = الحجز
flight-seat-column = المقعد
flight-messages = الرسائل المستلمة
flight-received = تاريخ الاستلام
flight-kind = النوع
flight-sender = المرسل
flight-interchange = التبادل
flight-message = الرسالة
flight-persons = الأشخاص
flight-warnings = التحذيرات
flight-superseded = مُستبدَلة
flight-current = سارية

## المعلومات المسبقة عن الركاب: قواعد الاستهداف

rules-heading = قواعد الاستهداف
rules-none = لا توجد قواعد بعد.
rules-rule = القاعدة
rules-severity = الخطورة
rules-owner = المسؤول
rules-in-force = سارية
rules-fired = مرات التفعيل
rules-saved = تاريخ الحفظ
rules-new-heading = قاعدة جديدة، أو إصدار جديد من قاعدة قائمة
rules-explain = اكتب القاعدة بصيغة JSON (التعديل يحتفظ بالمعرّف ويأخذ رقم الإصدار التالي). يجري التحقق منها عند الحفظ، وتُطبَّق على الرسالة التالية الواردة.
rules-submit = تحقق واحفظ
rules-fields = الحقول التي يمكن أن يسمّيها الشرط { $field }

## المزامنة: عُقد المنافذ الحدودية كما يراها المركز الوطني

sync-heading = عُقد المنافذ الحدودية
sync-open-on-centre = افتح هذه الصفحة على خادم المركز الوطني ({ $command }).
sync-no-alarm = لا إنذارات: كل العُقد متصلة وتحمل قوائم المركز.
sync-alarms = { $count ->
        [zero] لا إنذارات
        [one] إنذار واحد
        [two] إنذاران
        [few] { $count } إنذارات
        [many] { $count } إنذارًا
       *[other] { $count } إنذار
    }
sync-as-of = الوضع في { $time } بالتوقيت العالمي. تُعدّ العقدة منقطعة الاتصال بعد { $seconds } ثانية دون اتصال، ومتأخرة إذا كانت تحمل قائمة أقدم من قائمة المركز.
sync-no-nodes = لم تتصل أي عقدة منفذ حدودي بهذا المركز بعد.
sync-node = العقدة
sync-state = الحالة
sync-last-contact = آخر اتصال (التوقيت العالمي)
sync-seconds-since = الثواني منذ آخر اتصال
sync-backlog = بانتظار الإرسال
sync-lists = القوائم: العقدة / المركز
sync-records = السجلات المستلمة
sync-last-seq = (آخر تسلسل { $seq })

## سطر الأوامر: ما يقرؤه المشغّل (لغة LIMES_LANGUAGE، وإلا فالإنجليزية)

cli-init-done = قاعدة البيانات جاهزة؛ تم إنشاء المسؤول «{ $username }»
cli-init-has-users = في قاعدة البيانات مستخدمون بالفعل؛ استخدم `limes user add`
cli-user-created = تم إنشاء المستخدم «{ $username }» ({ $role })
cli-watchlist-imported = تم استيراد { $count } من القيود من { $file }
cli-documents-imported = تم استيراد { $count } من تنبيهات الوثائق
cli-documents-replaced = تم استيراد { $count } من تنبيهات الوثائق (استُبدل السجل)
cli-audit-intact = سلسلة التدقيق سليمة: تم التحقق من { $count } من القيود
cli-node-chain-intact = سلسلة التدقيق للعقدة { $node } سليمة: تم التحقق من { $count } من القيود
cli-no-users = لا يوجد مستخدمون في قاعدة البيانات بعد: شغّل `limes init` أولاً

## PAXLST conveyances (air, sea, road, rail) and warnings on one traveller
pax-conveyance = وسيلة النقل
pax-mode-air = جوي
pax-mode-sea = بحري
pax-mode-road = بري
pax-mode-rail = سككي
pax-vessel = السفينة { $name }
pax-imo = رقم المنظمة البحرية الدولية { $number }
pax-registration = رقم التسجيل { $registration }
pax-traveller-warning = تنبيه: { $warning }
## Evasion: how a name is written (hidden characters, reversed text, look-alike letters)

evasion-hidden-characters = محارف مخفية في الاسم: { $detail }
evasion-bidi-override = الاسم مكتوب معكوسًا داخل محرف فرض الاتجاه
evasion-mixed-scripts = يخلط الاسم بين حروف متشابهة من عدة أنظمة كتابة: { $detail }
evasion-mixed-numbers = يخلط الاسم بين أرقام من عدة أنظمة عددية
evasion-stacked-marks = أُزيلت { $detail } علامات تشكيل متراكمة من الاسم
evasion-problem = { $field }: { $finding }
evasion-action = تحقق من النقاط أدناه قبل اتخاذ القرار
evasion-reason = طريقة كتابة الاسم: { $detail }
evasion-name-as-written = الاسم كما كُتب (مع إظهار المحارف المخفية)
## Accounts: machine accounts, API tokens, sign-in limits

role-sender = مُرسِل PAXLST (حساب آلي)
role-gate = بوابة إلكترونية أو كشك (حساب آلي)
cli-token-created = أُنشئ الرمز { $id }، صالح حتى { $expires } بالتوقيت العالمي؛ الرمز أدناه (يُعرض مرة واحدة فقط)
cli-token-revoked = أُلغي الرمز { $id }
cli-data-dir-open = يمكن لمستخدمين آخرين قراءة مجلد البيانات { $dir } أو الكتابة فيه (الوضع { $mode })، وهو يحوي بيانات شخصية ومفاتيح. نفّذ `chmod 700 { $dir }` (بالمستخدم الذي يشغّل Limes) ثم أعد التشغيل
## audit anchoring
audit-anchored-through = القيود حتى { $seq } مطابقة لآخر نقطة تحقق موقعة.
audit-no-checkpoint = لا توجد نقطة تحقق موقعة بعد: لا شيء مثبت.
audit-unanchored = القيود { $range } تلي آخر نقطة تحقق موقعة (غير مثبتة: مترابطة، لم تُثبت بعد).
audit-chain-tampered = سجل التدقيق عُدّل أو اقتُطع أو أعيدت كتابته:
audit-filter-from = من
audit-filter-to = إلى
audit-filter-apply = تصفية
audit-export-csv = تصدير CSV
audit-next-page = قيود أقدم
cli-audit-anchored = مثبتة بنقطة التحقق الموقعة في { $at }: القيود حتى { $seq }
cli-audit-unanchored = القيود { $first }..{ $last } تلي آخر نقطة تحقق موقعة (غير مثبتة: مترابطة، لم تُثبت بعد)
cli-audit-tampered = سجل التدقيق عُدّل أو اقتُطع أو أعيدت كتابته
cli-audit-public-key = المفتاح العام للتدقيق: { $key }
## officer: سير عمل الفحص والقرار
status-pending_override = بانتظار تأكيد التجاوز
status-abandoned = متروك
status-superseded = استُبدل بمسح جديد
officer-status-pending-override = قبول بالتجاوز، بانتظار شخص ثانٍ
officer-override-waiting = قبول بالتجاوز من { $who }: بانتظار تأكيد المشرف أو ضابط الخط الثاني
officer-override-confirmed = قُبل بالتجاوز من { $who }، وأكّده { $confirmer }
officer-override-admitted = قُبل بالتجاوز من { $who }
officer-override-overruled = لم يُؤكَّد تجاوز { $who }: اتُّخذ قرار آخر
officer-confirmed-at = أُكّد في { $time }
officer-override-code-not_the_person = ليس الشخص المدرج: تم التحقق من الهوية
officer-override-code-no_longer_applies = الإدراج أو التنبيه لم يعد ساريًا
officer-override-code-authorised = دخول مصرح به من سلطة مختصة
officer-override-code-cleared_by_examination = تمت التبرئة بعد فحص الخط الثاني
officer-override-code-other = سبب آخر (مذكور)
officer-closed-abandoned = فحص متروك دون قرار: ليس عبورًا
officer-closed-superseded = فحص استُبدل بمسح جديد: ليس عبورًا
officer-confirm-heading = مبدأ العينين الأربع: أكّد القبول بالتجاوز أو ارفضه
officer-confirm-override = تأكيد التجاوز (قبول)
officer-own-override = أنت من أجرى هذا التجاوز: يجب أن يؤكده مشرف آخر أو ضابط خط ثانٍ آخر.
officer-shortcuts = المفاتيح: A قبول · R إحالة · P حماية · O سبب التجاوز · F سبب الرفض · C تأكيد · X ترك
officer-allow-exit = السماح بالخروج
officer-stop-exit = منع الخروج
officer-exit-stop-reason = سبب منع الخروج
officer-override-rule = القبول رغم النتيجة أعلاه يتطلب رمز سبب وتعليلك.
officer-override-critical-rule = نتيجة حرجة: القبول يتطلب رمز سبب وتعليلك وتأكيد مشرف أو ضابط خط ثانٍ (العينان الأربع).
officer-override-code-label = لماذا لا توقف النتيجة هذا المسافر
officer-override-reason-label = تعليلك
officer-admit-override = قبول بالتجاوز
officer-allow-exit-override = السماح بالخروج بالتجاوز
officer-abandon = ترك الفحص (لا عبور)
officer-waiting = الانتظار
officer-waited-minutes = { $minutes } دقيقة
## Need-to-know, history search and stay

history-from = من
history-to = إلى
history-all-my-bcps = كل نقاط العبور الخاصة بي
history-any-outcome = أي قرار
history-user = الضابط (اسم المستخدم)
history-page = الصفحة { $page }.
history-export = تصدير بصيغة CSV
history-previous = الصفحة السابقة
history-next = الصفحة التالية
history-purpose-needed = اذكر سبب البحث (الغرض)، مثل "فحص الخط الثاني".
## federation
federation-link-problem = اتصال NATS لهذه العقدة: { $problem }
cli-audit-checkpoint = وُقّعت نقطة تحقق التدقيق عند القيد { $seq }
cli-audit-checkpoint-none = آخر نقطة تحقق توقّع رأس السلسلة بالفعل
officer-hit-traveller = المسافر
officer-hit-listed = الشخص المدرج
officer-hit-match = التطابق
officer-hit-kind-exact = مطابق تمامًا
officer-hit-kind-variant = صيغة أخرى للاسم
officer-hit-kind-transliteration = نقل حرفي
officer-hit-kind-typo = تهجئة قريبة (خطأ كتابي)
officer-hit-unmatched = لا مقابل
officer-hit-name-score = سبب هذه النتيجة: أجزاء الاسم متطابقة بنسبة { $percent }٪
officer-hit-qualifier-birth_date = تاريخ الميلاد
officer-hit-qualifier-nationality = الجنسية
officer-hit-qualifier-gender = الجنس
officer-hit-qualifier-document = الوثيقة
officer-hit-qualifier-commonness = مدى شيوع الاسم
officer-hit-raw = التفاصيل الخام
title-overstayers = تجاوز مدة الإقامة
nav-overstayers = تجاوز مدة الإقامة
overstay-heading = المسافرون الذين تجاوزوا مدة الإقامة المسموح بها
overstay-none = لا يوجد مسافر تجاوز مدة الإقامة المسموح بها.
overstay-days-over = أيام التجاوز
overstay-days-used = الأيام المستخدمة
overstay-used-of = { $used } من { $max }
overstay-last-crossing = آخر عبور
overstay-still-in = ما زال داخل البلد
overstay-yes = نعم
overstay-no = لا (غادر)

## goods
nav-goods-declarations = التصاريح
nav-goods-inspections = المعاينات
role-customs_officer = موظف الجمارك
role-agency_officer = موظف جهة شريكة
role-declarant = مصرّح البضائع (حساب آلي)
role-patrol_officer = ضابط دورية
role-hotline_handler = مسؤول الخط الساخن
role-internal_affairs = الشؤون الداخلية
goods-declarations-heading = تصاريح البضائع
goods-declarations-none = لا توجد تصاريح بعد.
goods-reference = المرجع
goods-bcp = نقطة العبور
goods-lodged = تاريخ الإيداع
goods-items = البنود
goods-lane = المسار
goods-status = الحالة
goods-lane-red = أحمر (معاينة مادية)
goods-lane-yellow = أصفر (المستندات)
goods-lane-green = أخضر (إفراج)
goods-lane-blue = أزرق (تدقيق لاحق)
goods-status-under_review = قيد المراجعة
goods-status-held = محتجزة
goods-status-released = مُفرج عنها
goods-status-refused = مرفوضة
goods-status-invalidated = ملغاة
goods-declaration-heading = التصريح { $reference }
goods-type = النوع
goods-version = الإصدار
goods-transport = وسيلة النقل
goods-reason-rule = قاعدة
goods-reason-random = اختيار عشوائي
goods-reason-every_nth = كل تصريح رقم N
goods-reason-total = معاينة شاملة
goods-parties = الأطراف
goods-party-declarant = المصرّح
goods-party-exporter = المصدّر
goods-party-importer = المستورد
goods-party-consignor = الشاحن
goods-party-consignee = المرسل إليه
goods-party-carrier = الناقل
goods-code = رمز السلعة
goods-description = الوصف
goods-origin = المنشأ
goods-mass = الوزن القائم (كغ)
goods-procedure = الإجراء
goods-agencies = الجهات
goods-verdict-pending = بانتظار القرار
goods-verdict-released = إفراج
goods-verdict-held = احتجاز
goods-verdict-refused = رفض
goods-decide-for = قرار باسم { $agency }:
goods-reason-label = السبب (للاحتجاز أو الرفض)
goods-release = إفراج
goods-hold = احتجاز
goods-refuse = رفض
goods-inspections-heading = المعاينات
goods-found = تم العثور
goods-not-found = لم يُعثر على شيء
goods-inspection-open = بانتظار النتيجة
goods-history = السجل
goods-function-original = إيداع
goods-function-amendment = تعديل
goods-function-invalidation = إلغاء
goods-queue-heading = قائمة المعاينات
goods-queue-none = لا توجد شحنات بانتظار المعاينة.
goods-containers = الحاويات والأختام
goods-reasons = الأسباب
goods-inspection-heading = معاينة { $reference }
goods-open-declaration = التصريح
goods-to-verify = للتحقق
goods-seals = الأختام
goods-open-seizure = فتح محضر الحجز
goods-result = النتيجة
goods-what = ما تم العثور عليه
goods-where = المكان
goods-seals-intact = سليمة
goods-seals-broken = مكسورة أو مفقودة
goods-note = ملاحظة
goods-record-result = تسجيل النتيجة
## admin and second-line examination
title-examination = الفحص
title-edit-user = تعديل المستخدم
title-password-reset = إعادة تعيين كلمة المرور
admin-edit = تعديل
admin-error-field = الحقل { $field }
admin-error-self-deactivation = لا يمكنك تعطيل حسابك الخاص.
admin-error-self-demotion = لا يمكنك إزالة دور المسؤول من حسابك الخاص.
admin-error-last-administrator = لن يبقى في النظام أي مسؤول نشط.
admin-error-role-kind = لا يمكن تحويل حساب شخص إلى حساب آلي ولا العكس.
admin-error-username = اسم المستخدم: من 2 إلى 64 حرفًا: a-z أو 0-9 أو نقطة أو شرطة أو شرطة سفلية.
admin-error-username-taken = اسم المستخدم هذا مستخدم بالفعل.
admin-error-display-name = الاسم: من 1 إلى 100 حرف.
admin-error-reset-code = رمز إعادة التعيين غير معروف أو مستخدم أو منتهي الصلاحية؛ اطلب رمزًا جديدًا من المسؤول.
user-edit-heading = تعديل المستخدم { $username }
user-edit-back = العودة إلى الإدارة
user-edit-language = اللغة
user-edit-language-default = لغة النظام
user-edit-bcps = المنافذ الحدودية
user-edit-bcps-hint = إذا لم يُحدَّد أي منفذ: جميع المنافذ.
user-edit-self-note = هذا حسابك الخاص: لا يمكنك تعطيله ولا إزالة دور المسؤول منه.
user-edit-save = حفظ المستخدم
user-reset-heading = إعادة تعيين كلمة المرور
user-reset-explain = إصدار رمز لمرة واحدة يدخله المستخدم مع كلمة مرور جديدة. تبقى كلمة المرور الحالية صالحة حتى ذلك الحين؛ ويصلح الرمز مرة واحدة لمدة 24 ساعة.
user-reset-issue = إصدار رمز إعادة التعيين
user-reset-issued-heading = رمز إعادة التعيين لـ { $username }
user-reset-issued-once = يُعرض هذا الرمز الآن فقط. سلّمه للمستخدم شخصيًا أو عبر قناة موثوقة.
user-reset-issued-code = الرمز:
user-reset-issued-where = يفتح المستخدم { $path } ويدخل الرمز مع كلمة مرور جديدة.
user-reset-issued-until = صالح حتى { $time }.
reset-heading = تعيين كلمة مرور جديدة
reset-explain = أدخل الرمز الذي أعطاك إياه المسؤول واختر كلمة مرور جديدة.
reset-code = رمز إعادة التعيين
reset-new-password = كلمة المرور الجديدة
reset-confirm = أعد إدخال كلمة المرور الجديدة
reset-submit = تعيين كلمة المرور
reset-done = تم تعيين كلمة المرور؛ وانتهت جلساتك الأخرى.
reset-sign-in = تسجيل الدخول
reset-error-mismatch = كلمتا المرور مختلفتان.
exam-heading = فحص الخط الثاني
exam-referred-by = أحاله { $officer }
exam-back-to-crossing = العودة إلى الفحص
exam-record-heading = تسجيل فحص
exam-record-link = تسجيل الفحص
exam-list-heading = الفحوص
exam-none = لم يُسجَّل أي فحص بعد.
exam-interview-notes = ملاحظات المقابلة
exam-documents = الوثائق المفحوصة
exam-document = الوثيقة
exam-methods = الطريقة:
exam-finding = النتيجة
exam-outcome = النتيجة النهائية
exam-refusal-reasons = أسباب الرفض
exam-police-unit = سُلِّم إلى وحدة الشرطة
exam-police-officer = ضابط الشرطة
exam-further-checks = فحوص إضافية
exam-minutes = الدقائق المستغرقة
exam-minutes-spent = { $minutes } دقيقة
exam-save = حفظ الفحص
exam-not-referred = لم يُحَل هذا المسافر إلى الخط الثاني.
exam-queue-examined = تم الفحص: { $outcome }
exam-method-uv = الأشعة فوق البنفسجية
exam-method-ir = الأشعة تحت الحمراء
exam-method-magnification = التكبير
exam-method-database = قاعدة البيانات
exam-finding-genuine = أصلية
exam-finding-forged = مزوّرة
exam-finding-counterfeit = مقلّدة
exam-finding-fraudulently_obtained = مُستحصَل عليها بالاحتيال
exam-finding-impostor = منتحل
exam-outcome-admitted = مسموح بالدخول
exam-outcome-refused = مرفوض
exam-outcome-protection_request = طلب حماية دولية
exam-outcome-handed_to_police = سُلِّم إلى الشرطة
exam-outcome-further_checks = فحوص إضافية
## forms
forms-links-heading = نماذج للطباعة
forms-link-refusal = رفض الدخول (PDF)
forms-link-stamp = بيانات الختم (PDF)
forms-link-protection = محضر التسليم بعد طلب الحماية (PDF)
forms-refusal-title = رفض الدخول عند الحدود
forms-refusal-basis = النموذج الموحد، اللائحة (الاتحاد الأوروبي) 2016/399 (قانون حدود شنغن)، الملحق الخامس، الجزء باء
forms-bcp = نقطة العبور الحدودية
forms-date-time = التاريخ والوقت
forms-officer = الموظف (الاسم والمعرّف)
forms-refusal-person-intro = في نقطة العبور هذه فحص الموظف الموقّع أدناه الشخص التالي:
forms-surname = اللقب
forms-given-names = الأسماء
forms-birth-date = تاريخ الميلاد
forms-sex = الجنس
forms-nationality = الجنسية
forms-document = وثيقة السفر (النوع، الرقم، دولة الإصدار)
forms-unknown = غير معروف
forms-refusal-reasons-intro = أُبلغ الشخص برفض دخوله بموجب المادة 14 من اللائحة (الاتحاد الأوروبي) 2016/399 للسبب أو الأسباب المؤشَّر عليها أدناه:
forms-reason-A = لا يحمل وثيقة سفر صالحة
forms-reason-B = يحمل وثيقة سفر مزوّرة أو مزيّفة
forms-reason-C = لا يحمل تأشيرة أو تصريح إقامة صالحًا
forms-reason-D = يحمل تأشيرة أو تصريح إقامة مزوّرًا أو مزيّفًا
forms-reason-E = لا يحمل وثائق تبرّر غرض الإقامة وشروطها
forms-reason-F = أقام بالفعل 90 يومًا خلال فترة 180 يومًا
forms-reason-G = لا يملك وسائل عيش كافية
forms-reason-H = شخص صدر بشأنه تنبيه لغرض رفض الدخول
forms-reason-I = يُعدّ تهديدًا للنظام العام أو الأمن الداخلي أو الصحة العامة أو العلاقات الدولية لدولة عضو أو أكثر
forms-reason-J = لا يحمل تصريح سفر صالحًا
forms-refusal-remedies = يجوز للشخص الطعن في قرار رفض الدخول وفق القانون الوطني؛ ولا يوقف الطعن تنفيذ الرفض. ويجوز له أيضًا طلب شرح أسباب الرفض.
forms-refusal-copy = يتسلّم الشخص نسخة من هذا النموذج. صادر عن { $state }.
forms-signature-person = توقيع الشخص المعني
forms-signature-officer = توقيع الموظف المسؤول عن الفحص
forms-footer = سجل Limes { $reference }
forms-missing-glyphs = تعذّرت طباعة بعض الأحرف (تظهر بعلامة ?)؛ راجع السجل.
forms-stamp-title = بيانات ختم الدخول والخروج
forms-direction = الاتجاه
forms-direction-entry = دخول
forms-direction-exit = خروج
forms-mode = وسيلة النقل
forms-mode-land = برّ
forms-mode-air = جوّ
forms-mode-sea = بحر
forms-stamp-refused = رُفض الدخول، السبب أو الأسباب
forms-stamp-note = يبيّن الختم أعلاه ما يُختم في وثيقة السفر في { $bcp }.
forms-stamp-cancelled-note = رُفض الدخول: أُلغي الختم بعلامة إكس وكُتبت أحرف الأسباب بجانبه ({ $bcp }).
forms-protection-title = طلب الحماية الدولية: محضر التسليم
forms-protection-statement = طلب الشخص المذكور أدناه الحماية الدولية في { $bcp }. سُجّل الطلب بصفته هذه: هذا ليس رفضًا للدخول. ويُسلَّم الشخص إلى السلطة المختصة بدراسة الطلب.
forms-protection-requested-at = وقت تقديم الطلب
forms-protection-authority = سُلّم إلى (السلطة)
forms-protection-handed-at = تاريخ التسليم ووقته
forms-protection-receiver = الموظف المستلم (الاسم، الجهة)
forms-signature-handing-officer = توقيع الموظف المسلِّم
forms-signature-receiver = توقيع الموظف المستلم
forms-protection-person-copy = يتسلّم الشخص نسخة من هذا المحضر.
## federation records
cli-audit-node-intact = العقدة { $node }: سلسلة التدقيق المستلمة سليمة، تم التحقق من { $count } من القيود مقابل { $checkpoints } من نقاط التحقق
cli-audit-node-anchored = موقعة بالمفتاح المسجل للعقدة حتى القيد { $seq }
cli-audit-node-tampered = العقدة { $node }: سجل التدقيق مقتطع أو أعيدت كتابته أو موقع بمفتاح آخر
cli-audit-nodes-tampered = { $count } من العقد سجل تدقيقها معدّل
cli-audit-node-unknown = لم ترسل أي عقدة لنقطة العبور { $node } سجلات إلى هذا المركز
## login (sign-in delay, password rule, imports)
login-wrong = اسم المستخدم أو كلمة المرور غير صحيحة.
login-throttled = محاولات دخول فاشلة كثيرة من هذا الموقع. حاول مرة أخرى بعد { $seconds } ثانية.
login-not-assigned = أنت غير معيّن في نقطة العبور { $bcp }.
## enrolment: the organisation comes down from the centre
org-administered-centrally = تتلقى عقدة نقطة العبور هذه مستخدميها ونقاط العبور ورموز API من المركز الوطني: أجرِ التغييرات هناك.
## vehicles
cli-vehicles-imported = تم استيراد { $count } من سجلات المركبات المسروقة
cli-vehicles-replaced = تم استيراد { $count } من سجلات المركبات المسروقة (استُبدل السجل)
title-vehicle-check = فحص المركبة
nav-vehicles = المركبات
vehicle-heading = فحص المركبة
vehicle-plate = لوحة التسجيل
vehicle-country = بلد التسجيل
vehicle-vin = رقم هيكل المركبة (VIN)
vehicle-make = الصانع
vehicle-model = الطراز
vehicle-category = الفئة
vehicle-category-car = سيارة
vehicle-category-van = شاحنة صغيرة
vehicle-category-truck = شاحنة
vehicle-category-trailer = مقطورة
vehicle-category-bus = حافلة
vehicle-category-motorcycle = دراجة نارية
vehicle-direction = الاتجاه
vehicle-driver = السائق (رقم الفحص)
vehicle-passengers = الركاب (أرقام الفحص)
vehicle-declarations = البيانات الجمركية المحمولة
vehicle-bcp = نقطة العبور
vehicle-check = افحص المركبة
vehicle-verdict-clear = سليم: لم يُعثر على شيء
vehicle-verdict-inspect = تفتيش: انظر عن كثب
vehicle-verdict-stop = أوقف: المركبة مسجلة مسروقة، والقرار للضابط
vehicle-region-africa = أفريقيا
vehicle-region-asia = آسيا
vehicle-region-europe = أوروبا
vehicle-region-north_america = أمريكا الشمالية
vehicle-region-oceania = أوقيانوسيا
vehicle-region-south_america = أمريكا الجنوبية
vehicle-vin-check-valid = رقم التحقق صحيح
vehicle-vin-check-wrong = رقم التحقق خاطئ: رقم هيكل مقروء خطأً أو معدَّل
vehicle-vin-check-not-checked = لم يُتحقق من رقم التحقق (غير مستخدم في هذه المنطقة)
vehicle-vin-malformed = رقم هيكل غير صالح
vehicle-no-hits = غير موجودة في سجل المركبات المسروقة.
vehicle-alert = التنبيه
vehicle-match = التطابق
vehicle-match-vin = رقم الهيكل
vehicle-match-plate = اللوحة والبلد
vehicle-match-plate_lookalike = لوحة مشابهة (O/0، I/1): قراءة خاطئة محتملة
vehicle-vehicle = المركبة
vehicle-stolen-on = تاريخ السرقة
vehicle-authority = الجهة المبلِّغة
vehicle-history = هذه اللوحة في نقطة العبور هذه
vehicle-no-history = لا عبور سابق هنا.

## registers
cli-documents-changed = طُبّق ملف التغييرات: أُضيف { $added } من تنبيهات الوثائق وحُذف { $removed }؛ السجل الآن في الإصدار { $version }
