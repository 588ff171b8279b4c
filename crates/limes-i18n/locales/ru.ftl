# Интерфейс Limes — русский язык. Те же ключи и те же параметры ({ $name }), что и в en.ftl.

## Все страницы: навигация, пользователь

nav-check = Контроль
nav-arrivals = Прибытие
nav-piu-worklist = Рабочий список ПИП
nav-targeting-rules = Правила отбора
nav-second-line = Вторая линия
nav-history = История пересечений
nav-admin = Администрирование
nav-audit = Аудит
nav-sync = Узлы пунктов пропуска
layout-bcp = Пункт пропуска { $bcp }
layout-sign-out = Выйти
layout-language = Язык
layout-language-apply = Применить

## Заголовки страниц (вкладка браузера)

title-sign-in = Вход
title-check = Пограничный контроль
title-crossing = Результат проверки
title-purpose = Цель доступа
title-second-line = Вторая линия
title-history = История пересечений
title-admin = Администрирование
title-audit = Журнал аудита
title-arrivals = Прибытие
title-piu-worklist = Рабочий список ПИП
title-flight = Рейс
title-rules = Правила отбора
title-sync = Узлы пунктов пропуска

## Общие слова

common-yes = да
common-no = нет
common-all = все
common-unknown = неизвестно
common-unspecified = не указан
common-by = пользователем { $who }
common-at = в { $time }
common-time-by = { $time }, { $who }
common-when = Дата и время
common-when-utc = Дата и время (UTC)
common-bcp = Пункт пропуска
common-direction = Направление
common-outcome = Решение
common-document = Документ
common-documents = Документы
common-traveller = Лицо
common-reason = Основание
common-reasons = Основания
common-name = ФИО
common-role = Роль
common-agency = Ведомство
common-active = Активен
common-purpose = Цель
common-status = Состояние
common-flight = Рейс
common-route = Маршрут
common-departure = Вылет
common-arrival = Прилёт
common-open-hits = Открытые совпадения
common-nationality = Гражданство
common-sex = Пол
common-open = Открыть
common-continue = Продолжить
common-search = Найти
purpose-border-check = пограничный контроль
purpose-second-line = проверка на второй линии
purpose-risk-analysis = анализ рисков
purpose-supervision = контроль руководителя
purpose-liaison = запрос офицера связи

## Коды, которые видит сотрудник: роли, решения, состояния

role-first_line_officer = Инспектор первой линии
role-second_line_officer = Инспектор второй линии
role-analyst = Аналитик рисков
role-supervisor = Старший смены
role-liaison_officer = Офицер связи
role-administrator = Администратор
role-auditor = Аудитор
outcome-admitted = Пропущен
outcome-refused = Отказано во въезде
outcome-referred_second_line = Направлен на вторую линию
outcome-international_protection = Ходатайство о международной защите
direction-entry = въезд
direction-exit = выезд
status-pending = ожидает решения
status-referred = на второй линии
status-decided = решение принято
bcp-kind-land = сухопутный
bcp-kind-air = воздушный
bcp-kind-sea = морской
severity-low = низкая
severity-medium = средняя
severity-high = высокая
severity-critical = критическая
alert-status-lost = утрачен
alert-status-stolen = похищен
alert-status-revoked = отозван
alert-status-invalidated = признан недействительным
alert-status-stolen_blank = похищенный бланк
hit-kind-document_alert = сведения о документе
hit-kind-watchlist = список наблюдения
hit-kind-rule = правило отбора
hit-status-open = открыто
hit-status-confirmed = подтверждено
hit-status-dismissed = отклонено
node-state-silent-behind = нет связи, отстаёт
node-state-silent = нет связи
node-state-behind = отстаёт
node-state-in-contact = на связи

## Вход

login-heading = Вход в систему
login-username = Имя пользователя
login-password = Пароль
login-bcp = Пункт пропуска
login-bcp-as-assigned = — по назначению —
login-submit = Войти

## Страница ошибки

error-title = Ошибка { $status }
error-heading = { $status } — что-то пошло не так
error-back = Назад
error-start-page = Начальная страница

## Пограничный контроль

check-recorded = Записано:
check-ready-next = Можно принимать следующее лицо.
check-heading = Пограничный контроль
check-entry = Въезд
check-exit = Выезд
check-mrz-label = Машиносчитываемая зона — отсканируйте документ или введите её вручную; проверка запускается, когда зона заполнена и нажата клавиша Enter
check-manual-summary = Зона не читается? Введите данные документа вручную
check-document-code = Код документа
check-issuing-state = Государство выдачи
check-document-number = Номер документа
check-surname = Фамилия
check-given-names = Имя (имена)
check-birth-date = Дата рождения
check-expiry-date = Срок действия
check-date-placeholder = ГГГГ-ММ-ДД
check-submit = Проверить

## Результат проверки и решение

crossing-no-alerts = Сведений о документе нет, совпадений по спискам наблюдения нет, документ действителен.
verdict-clear = Оповещений нет: продолжайте обычный контроль
verdict-caution = Перед решением проверьте пункты ниже
verdict-refer = Направить на вторую линию
crossing-pre-arrival-heading = Предварительные оповещения, подтверждённые подразделением информации о пассажирах
crossing-pre-arrival-flight = рейс { $flight } в { $airport }
crossing-pre-arrival-expected-at = ожидается в пункте пропуска { $bcp }
crossing-pre-arrival-confirmed = Подтверждено
crossing-second-line-decision = Решение второй линии
crossing-decision = Решение
crossing-admit = Пропустить
crossing-refer = Направить на вторую линию
crossing-protection = Ходатайство о международной защите
crossing-refusal-reason = Основание для отказа во въезде
crossing-choose = — выберите —
crossing-note = Примечание
crossing-refuse = Отказать во въезде
crossing-status = Состояние: { $status }
crossing-reason-code = основание { $code }
crossing-first-line = Первая линия: { $outcome }
crossing-decided-by = Решение принял(а): { $who }
crossing-note-text = Примечание: { $note }
crossing-document-heading = Документ
crossing-expiry = Срок действия
crossing-checked = Проверка
crossing-checked-text = { $direction }, пункт пропуска { $bcp }, { $time }, проверил(а): { $officer } ({ $method })
crossing-document-problems = Недостатки документа
crossing-document-alerts = Сведения о документах
crossing-no-document-alert = В реестре сведений нет ({ $document }).
crossing-possible-confusion = возможно смешение O/0 или I/1 — сверьте визуально
crossing-watchlists = Списки наблюдения
crossing-no-watchlist-hit = Совпадений не ниже { $percent } % по действующим спискам нет.
crossing-matched-name = совпавшее имя: { $name }
crossing-listed = основание внесения в список: { $reason }
crossing-why = обоснование: { $why }
crossing-previous = Предыдущие пересечения
crossing-previous-summary = Пересечений до этой проверки: { $total } (въездов — { $entries }, выездов — { $exits }, отказов во въезде — { $refusals }, направлений на вторую линию — { $referrals }).

## Цель доступа

purpose-heading = Цель доступа
purpose-explain = На этой странице отображаются персональные данные. Каждый просмотр регистрируется с указанием цели.

## Вторая линия

second-line-heading = Вторая линия — направленные лица
second-line-empty = Ожидающих нет.
second-line-since = С
second-line-referred-by = Направил(а)
second-line-examine = Проверить

## История пересечений

history-heading = История пересечений
history-search = Фамилия или номер документа
history-count = { $count ->
        [one] { $count } пересечение.
        [few] { $count } пересечения.
        [many] { $count } пересечений.
       *[other] { $count } пересечения.
    }

## Администрирование

admin-watchlists = Списки наблюдения
admin-list = Список
admin-entries = Записей
admin-published = Опубликован
admin-imported = Загружен
admin-version = Версия
admin-list-id = Идентификатор списка
admin-format = Формат
admin-format-detect = определить автоматически
admin-format-un-xml = Сводный санкционный перечень ООН (XML)
admin-format-ofac-csv = OFAC SDN, CSV (основной файл)
admin-format-uk-hmt = HM Treasury (Великобритания), CSV
admin-format-limes-csv = Limes, CSV
admin-format-limes-json = Limes, JSON
admin-file = Файл
admin-import-watchlist = Загрузить список наблюдения
admin-document-register = Реестр сведений о документах
admin-records = { $count ->
        [one] запись.
        [few] записи.
        [many] записей.
       *[other] записи.
    }
admin-csv-file = Файл CSV
admin-replace-register = Заменить реестр полностью
admin-import-documents = Загрузить сведения о документах
admin-bcps = Пункты пропуска
admin-code = Код
admin-kind = Вид
admin-section = Участок
admin-border-section = Участок границы
admin-neighbour = Сопредельное государство
admin-neighbour-icao = Сопредельное государство (код ИКАО)
admin-save-bcp = Сохранить пункт пропуска
admin-users = Пользователи
admin-username = Имя пользователя
admin-display-name = Отображаемое имя
admin-bcps-column = Пункты пропуска
admin-bcps-field = Пункты пропуска (через запятую; пусто — все)
admin-password = Начальный пароль (не менее 10 символов)
admin-deactivate = Отключить
admin-activate = Включить
admin-create-user = Создать пользователя

## Журнал аудита

audit-heading = Журнал аудита
audit-chain-intact = Цепочка хешей не нарушена: { $count ->
        [one] проверена { $count } запись.
        [few] проверены { $count } записи.
        [many] проверено { $count } записей.
       *[other] проверено { $count } записи.
    }
audit-who = Кто
audit-action = Действие
audit-subject = Объект
audit-detail = Подробности

## Предварительная информация о пассажирах: табло прибытия

board-heading = Прибытие — { $day }
board-day = День
board-show = Показать
board-explain = Предварительная информация о пассажирах (API), полученная по рейсам, прибывающим в этот день. Табло обновляется каждые 15 секунд.
board-passengers = Пассажиры
board-crew = Экипаж
board-confirmed = Подтверждено
board-dismissed = Отклонено
board-manifests = Списки
board-last-received = Последнее получение
board-empty = Предварительной информации о пассажирах на этот день нет.
board-updated = Обновлено в { $time } — рейсов: { $count }.
board-not-updated = Не обновлено ({ $error }); повторная попытка.
board-upload-heading = Передать сообщение PAXLST
board-upload-explain = Перевозчики направляют сообщения на { $endpoint } или во входящий каталог; сообщение, полученное иным путём, можно передать здесь. Оно сразу проходит проверку.
board-upload-file = Файл UN/EDIFACT PAXLST
board-upload-submit = Принять и проверить

## Предварительная информация о пассажирах: рабочий список подразделения информации о пассажирах (ПИП)

worklist-heading = Подразделение информации о пассажирах — рейсы с открытыми совпадениями
worklist-empty = Открытых совпадений нет. Новые списки проверяются сразу по получении.
worklist-most-serious = Наивысшая важность
worklist-travellers = Лица
worklist-people = { $passengers } + экипаж { $crew }
worklist-review = Рассмотреть

## Предварительная информация о пассажирах: рейс

flight-legs = Участки
flight-purpose-recorded = { $purpose } (зарегистрировано)
flight-travellers-with-hits = Лица с совпадениями
flight-no-hits = В действующих списках ни по кому совпадений нет.
flight-born = дата рождения { $date }
flight-born-unknown = дата рождения неизвестна
flight-booking = бронирование { $reference }
flight-seat = место { $seat }
flight-documents = Документы: { $documents }
flight-review-reason = Основание
flight-review-placeholder = что вы сверили
flight-confirm = Подтвердить — оповестить пункт пропуска прибытия
flight-dismiss = Отклонить как ложное совпадение
flight-manifest = Список ({ $count } без совпадений)
flight-born-column = Дата рождения
flight-booking-column = Бронирование
flight-seat-column = Место
flight-messages = Полученные сообщения
flight-received = Получено
flight-kind = Вид
flight-sender = Отправитель
flight-interchange = Обмен
flight-message = Сообщение
flight-persons = Количество лиц
flight-warnings = Предупреждения
flight-superseded = заменено
flight-current = действует

## Предварительная информация о пассажирах: правила отбора

rules-heading = Правила отбора
rules-none = Правил пока нет.
rules-rule = Правило
rules-severity = Важность
rules-owner = Владелец
rules-in-force = Действует
rules-fired = Срабатываний
rules-saved = Сохранено
rules-new-heading = Новое правило или новая версия правила
rules-explain = Запишите правило в формате JSON (при изменении идентификатор сохраняется, а номер версии увеличивается). Правило проверяется при сохранении и применяется к следующему полученному сообщению.
rules-submit = Проверить и сохранить
rules-fields = Поля, которые может указывать условие { $field }

## Синхронизация: узлы пунктов пропуска глазами национального центра

sync-heading = Узлы пунктов пропуска
sync-open-on-centre = Откройте эту страницу на сервере национального центра ({ $command }).
sync-no-alarm = Тревог нет: все узлы на связи и располагают списками центра.
sync-alarms = { $count ->
        [one] { $count } тревога
        [few] { $count } тревоги
        [many] { $count } тревог
       *[other] { $count } тревоги
    }
sync-as-of = По состоянию на { $time } UTC. Узел считается без связи после { $seconds } с без контакта и отстающим, если у него более старая версия списка, чем в центре.
sync-no-nodes = Ни один узел пункта пропуска ещё не выходил на связь с этим центром.
sync-node = Узел
sync-state = Состояние
sync-last-contact = Последний контакт (UTC)
sync-seconds-since = Секунд прошло
sync-backlog = Очередь отправки
sync-lists = Списки: узел / центр
sync-records = Получено записей
sync-last-seq = (последний номер { $seq })

## Командная строка: что читает оператор (язык из LIMES_LANGUAGE, иначе английский)

cli-init-done = база данных готова; администратор «{ $username }» создан
cli-init-has-users = в базе данных уже есть пользователи; используйте `limes user add`
cli-user-created = пользователь «{ $username }» ({ $role }) создан
cli-watchlist-imported = импортировано записей: { $count } из { $file }
cli-documents-imported = импортировано сигналов о документах: { $count }
cli-documents-replaced = импортировано сигналов о документах: { $count } (реестр заменён)
cli-audit-intact = цепочка аудита цела: проверено записей: { $count }
cli-node-chain-intact = цепочка аудита узла { $node } цела: проверено записей: { $count }
cli-no-users = в базе данных ещё нет пользователей: сначала выполните `limes init`

## PAXLST conveyances (air, sea, road, rail) and warnings on one traveller
pax-conveyance = Транспортное средство
pax-mode-air = Воздушный
pax-mode-sea = Морской
pax-mode-road = Автомобильный
pax-mode-rail = Железнодорожный
pax-vessel = судно { $name }
pax-imo = ИМО { $number }
pax-registration = регистрационный номер { $registration }
pax-traveller-warning = Предупреждение: { $warning }
## Evasion: how a name is written (hidden characters, reversed text, look-alike letters)

evasion-hidden-characters = скрытые символы в имени: { $detail }
evasion-bidi-override = имя записано в обратном порядке внутри символа смены направления
evasion-mixed-scripts = в имени смешаны похожие буквы разных письменностей: { $detail }
evasion-mixed-numbers = в имени смешаны цифры разных систем счисления
evasion-stacked-marks = из имени удалено диакритических знаков, наложенных друг на друга: { $detail }
evasion-problem = { $field }: { $finding }
evasion-action = Проверьте пункты ниже, прежде чем принять решение
evasion-reason = Написание имени: { $detail }
evasion-name-as-written = Имя как написано (скрытые символы показаны)
## Accounts: machine accounts, API tokens, sign-in limits

role-sender = Отправитель PAXLST (машинная учётная запись)
role-gate = Электронный турникет или киоск (машинная учётная запись)
cli-token-created = токен { $id } создан, действует до { $expires } UTC; токен ниже (показывается один раз)
cli-token-revoked = токен { $id } отозван
cli-data-dir-open = каталог данных { $dir } доступен другим на чтение или запись (режим { $mode }); в нём персональные данные и ключи. Выполните `chmod 700 { $dir }` (от имени пользователя, под которым работает Limes) и запустите снова
## audit anchoring
audit-anchored-through = Записи до { $seq } совпадают с последней подписанной контрольной точкой.
audit-no-checkpoint = Подписанных контрольных точек ещё нет: ничего не закреплено.
audit-unanchored = Записи { $range } идут после последней подписанной контрольной точки (не закреплены: связаны, но ещё не подтверждены).
audit-chain-tampered = Журнал аудита изменён, усечён или переписан:
audit-filter-from = С
audit-filter-to = По
audit-filter-apply = Отфильтровать
audit-export-csv = Экспорт в CSV
audit-next-page = Более ранние записи
cli-audit-anchored = закреплено контрольной точкой, подписанной { $at }: записи до { $seq }
cli-audit-unanchored = записи { $first }..{ $last } идут после последней подписанной контрольной точки (не закреплены: связаны, но ещё не подтверждены)
cli-audit-tampered = журнал аудита изменён, усечён или переписан
cli-audit-public-key = открытый ключ аудита: { $key }
## officer: проверка и решение
status-pending_override = ожидает подтверждения исключения
status-abandoned = прервана
status-superseded = заменена повторным сканированием
officer-status-pending-override = Допуск в порядке исключения, ожидает второго сотрудника
officer-override-waiting = Допуск в порядке исключения ({ $who }): ожидает подтверждения руководителем или второй линией
officer-override-confirmed = Допущен в порядке исключения ({ $who }), подтвердил { $confirmer }
officer-override-admitted = Допущен в порядке исключения ({ $who })
officer-override-overruled = Исключение ({ $who }) не подтверждено: принято другое решение
officer-confirmed-at = подтверждено { $time }
officer-override-code-not_the_person = Не внесённое в список лицо: личность установлена
officer-override-code-no_longer_applies = Внесение в список или оповещение больше не действует
officer-override-code-authorised = Въезд разрешён компетентным органом
officer-override-code-cleared_by_examination = Снято по итогам проверки второй линии
officer-override-code-other = Иное основание (указано)
officer-closed-abandoned = Проверка прервана без решения: не пересечение
officer-closed-superseded = Проверка заменена повторным сканированием: не пересечение
officer-confirm-heading = Принцип четырёх глаз: подтвердите или отмените допуск в порядке исключения
officer-confirm-override = Подтвердить исключение (допустить)
officer-own-override = Это исключение сделали вы: его должен подтвердить другой руководитель или сотрудник второй линии.
officer-shortcuts = Клавиши: A допустить · R направить · P защита · O основание исключения · F причина отказа · C подтвердить · X прервать
officer-allow-exit = Разрешить выезд
officer-stop-exit = Остановить выезд
officer-exit-stop-reason = Основание для остановки выезда
officer-override-rule = Допуск несмотря на совпадение выше требует кода и вашего обоснования.
officer-override-critical-rule = Критическое совпадение: допуск требует кода, вашего обоснования и подтверждения руководителем или второй линией (четыре глаза).
officer-override-code-label = Почему совпадение не останавливает путешественника
officer-override-reason-label = Ваше обоснование
officer-admit-override = Допустить в порядке исключения
officer-allow-exit-override = Разрешить выезд в порядке исключения
officer-abandon = Прервать проверку (без пересечения)
officer-waiting = Ожидание
officer-waited-minutes = { $minutes } мин
## Need-to-know, history search and stay

history-from = С
history-to = По
history-all-my-bcps = Все мои пункты пропуска
history-any-outcome = Любое решение
history-user = Сотрудник (имя пользователя)
history-page = Страница { $page }.
history-export = Экспорт в CSV
history-previous = Предыдущая страница
history-next = Следующая страница
history-purpose-needed = Укажите цель поиска, например «проверка второй линии».
## federation
federation-link-problem = Связь этого узла с NATS: { $problem }
cli-audit-checkpoint = контрольная точка аудита подписана на записи { $seq }
cli-audit-checkpoint-none = последняя контрольная точка уже подписывает голову цепочки
officer-hit-traveller = Путешественник
officer-hit-listed = Лицо из списка
officer-hit-match = Совпадение
officer-hit-kind-exact = точное
officer-hit-kind-variant = вариант имени
officer-hit-kind-transliteration = транслитерация
officer-hit-kind-typo = близкое написание (опечатка)
officer-hit-unmatched = нет соответствия
officer-hit-name-score = Почему такая оценка: части имени совпадают на { $percent }%
officer-hit-qualifier-birth_date = дата рождения
officer-hit-qualifier-nationality = гражданство
officer-hit-qualifier-gender = пол
officer-hit-qualifier-document = документ
officer-hit-qualifier-commonness = распространённость имени
officer-hit-raw = Исходные данные
title-overstayers = Превышение срока пребывания
nav-overstayers = Превышение срока пребывания
overstay-heading = Путешественники, превысившие разрешённый срок пребывания
overstay-none = Никто не превысил разрешённый срок пребывания.
overstay-days-over = Дней сверх срока
overstay-days-used = Использовано дней
overstay-used-of = { $used } из { $max }
overstay-last-crossing = Последнее пересечение
overstay-still-in = Ещё в стране
overstay-yes = да
overstay-no = нет (выехал)

## goods
nav-goods-declarations = Декларации
nav-goods-inspections = Досмотры
role-customs_officer = Таможенный инспектор
role-agency_officer = Сотрудник ведомства-партнёра
role-declarant = Декларант товаров (машинная учётная запись)
role-patrol_officer = Патрульный
role-hotline_handler = Оператор горячей линии
role-internal_affairs = Служба собственной безопасности
goods-declarations-heading = Товарные декларации
goods-declarations-none = Деклараций пока нет.
goods-reference = Номер
goods-bcp = ПП
goods-lodged = Подана
goods-items = Товары
goods-lane = Коридор
goods-status = Статус
goods-lane-red = красный (физический досмотр)
goods-lane-yellow = жёлтый (документы)
goods-lane-green = зелёный (выпуск)
goods-lane-blue = синий (пост-таможенный аудит)
goods-status-under_review = на рассмотрении
goods-status-held = задержана
goods-status-released = выпущена
goods-status-refused = отказано
goods-status-invalidated = аннулирована
goods-declaration-heading = Декларация { $reference }
goods-type = Тип
goods-version = Версия
goods-transport = Транспорт
goods-reason-rule = Правило
goods-reason-random = Случайный отбор
goods-reason-every_nth = Каждая N-я
goods-reason-total = Сплошной досмотр
goods-parties = Стороны
goods-party-declarant = Декларант
goods-party-exporter = Экспортёр
goods-party-importer = Импортёр
goods-party-consignor = Грузоотправитель
goods-party-consignee = Грузополучатель
goods-party-carrier = Перевозчик
goods-code = Код товара
goods-description = Описание
goods-origin = Происхождение
goods-mass = Масса брутто (кг)
goods-procedure = Процедура
goods-agencies = Ведомства
goods-verdict-pending = ожидает решения
goods-verdict-released = выпуск
goods-verdict-held = задержание
goods-verdict-refused = отказ
goods-decide-for = Решение от имени { $agency }:
goods-reason-label = Причина (для задержания или отказа)
goods-release = Выпустить
goods-hold = Задержать
goods-refuse = Отказать
goods-inspections-heading = Досмотры
goods-found = Обнаружено
goods-not-found = Ничего не обнаружено
goods-inspection-open = ожидает результата
goods-history = История
goods-function-original = подана
goods-function-amendment = изменена
goods-function-invalidation = аннулирована
goods-queue-heading = Очередь досмотров
goods-queue-none = Нет грузов, ожидающих досмотра.
goods-containers = Контейнеры и пломбы
goods-reasons = Основания
goods-inspection-heading = Досмотр { $reference }
goods-open-declaration = декларация
goods-to-verify = Проверить
goods-seals = Пломбы
goods-open-seizure = Открыть протокол изъятия
goods-result = Результат
goods-what = Что обнаружено
goods-where = Где
goods-seals-intact = целы
goods-seals-broken = нарушены или отсутствуют
goods-note = Примечание
goods-record-result = Записать результат
## admin and second-line examination
title-examination = Проверка второй линии
title-edit-user = Изменение пользователя
title-password-reset = Сброс пароля
admin-edit = Изменить
admin-error-field = Поле { $field }
admin-error-self-deactivation = Нельзя деактивировать собственную учётную запись.
admin-error-self-demotion = Нельзя снять роль администратора с собственной учётной записи.
admin-error-last-administrator = В системе не останется ни одного активного администратора.
admin-error-role-kind = Учётная запись человека не может стать машинной, и наоборот.
admin-error-username = Имя пользователя: от 2 до 64 символов: a-z, 0-9, точка, дефис или подчёркивание.
admin-error-username-taken = Это имя пользователя уже занято.
admin-error-display-name = Имя: от 1 до 100 символов.
admin-error-reset-code = Код сброса неизвестен, уже использован или просрочен; попросите у администратора новый.
user-edit-heading = Изменение пользователя { $username }
user-edit-back = Назад к администрированию
user-edit-language = Язык
user-edit-language-default = Язык системы
user-edit-bcps = Пункты пропуска
user-edit-bcps-hint = Ничего не отмечено — все пункты пропуска.
user-edit-self-note = Это ваша учётная запись: её нельзя деактивировать или снять с неё роль администратора.
user-edit-save = Сохранить пользователя
user-reset-heading = Сброс пароля
user-reset-explain = Выдать одноразовый код, который пользователь вводит вместе с новым паролем. До этого действует текущий пароль; код действует один раз в течение 24 часов.
user-reset-issue = Выдать код сброса
user-reset-issued-heading = Код сброса для { $username }
user-reset-issued-once = Этот код показывается только сейчас. Передайте его пользователю лично или по надёжному каналу.
user-reset-issued-code = Код:
user-reset-issued-where = Пользователь открывает { $path } и вводит код и новый пароль.
user-reset-issued-until = Действует до { $time }.
reset-heading = Новый пароль
reset-explain = Введите код, полученный от администратора, и выберите новый пароль.
reset-code = Код сброса
reset-new-password = Новый пароль
reset-confirm = Повторите новый пароль
reset-submit = Установить пароль
reset-done = Пароль установлен; остальные ваши сеансы завершены.
reset-sign-in = Войти
reset-error-mismatch = Пароли не совпадают.
exam-heading = Проверка второй линии
exam-referred-by = Направил { $officer }
exam-back-to-crossing = Назад к проверке
exam-record-heading = Записать проверку
exam-record-link = Записать проверку
exam-list-heading = Проверки второй линии
exam-none = Проверок ещё не записано.
exam-interview-notes = Записи собеседования
exam-documents = Проверенные документы
exam-document = Документ
exam-methods = Как:
exam-finding = Результат
exam-outcome = Итог
exam-refusal-reasons = Основания отказа
exam-police-unit = Передан подразделению полиции
exam-police-officer = Сотрудник полиции
exam-further-checks = Дополнительные проверки
exam-minutes = Затрачено минут
exam-minutes-spent = { $minutes } мин
exam-save = Сохранить проверку
exam-not-referred = Этот путешественник не направлялся на вторую линию.
exam-queue-examined = Проверен: { $outcome }
exam-method-uv = УФ-свет
exam-method-ir = ИК-свет
exam-method-magnification = увеличение
exam-method-database = база данных
exam-finding-genuine = подлинный
exam-finding-forged = подделанный
exam-finding-counterfeit = поддельный
exam-finding-fraudulently_obtained = получен обманным путём
exam-finding-impostor = самозванец
exam-outcome-admitted = Допущен
exam-outcome-refused = Отказано
exam-outcome-protection_request = Ходатайство о международной защите
exam-outcome-handed_to_police = Передан полиции
exam-outcome-further_checks = Дополнительные проверки
## forms
forms-links-heading = Формы для печати
forms-link-refusal = Отказ во въезде (PDF)
forms-link-stamp = Данные штампа (PDF)
forms-link-protection = Передача после просьбы о защите (PDF)
forms-refusal-title = Отказ во въезде на границе
forms-refusal-basis = Типовая форма, Регламент (ЕС) 2016/399 (Шенгенский пограничный кодекс), приложение V, часть B
forms-bcp = Пункт пропуска
forms-date-time = Дата и время
forms-officer = Сотрудник (имя и идентификатор)
forms-refusal-person-intro = В этом пункте пропуска нижеподписавшийся сотрудник проверил следующее лицо:
forms-surname = Фамилия
forms-given-names = Имена
forms-birth-date = Дата рождения
forms-sex = Пол
forms-nationality = Гражданство
forms-document = Проездной документ (тип, номер, государство выдачи)
forms-unknown = неизвестно
forms-refusal-reasons-intro = Лицу сообщено, что во въезде отказано на основании статьи 14 Регламента (ЕС) 2016/399 по отмеченной ниже причине (причинам):
forms-reason-A = Нет действительного проездного документа
forms-reason-B = Поддельный или фальсифицированный проездной документ
forms-reason-C = Нет действительной визы или вида на жительство
forms-reason-D = Поддельная или фальсифицированная виза или вид на жительство
forms-reason-E = Нет документов, подтверждающих цель и условия пребывания
forms-reason-F = Уже пробыл 90 дней в течение 180-дневного периода
forms-reason-G = Нет достаточных средств к существованию
forms-reason-H = Лицо, в отношении которого выставлено оповещение об отказе во въезде
forms-reason-I = Считается угрозой общественному порядку, внутренней безопасности, здоровью населения или международным отношениям одного или нескольких государств-членов
forms-reason-J = Нет действительного разрешения на поездку
forms-refusal-remedies = Лицо может обжаловать этот отказ во въезде в порядке, предусмотренном национальным правом; обжалование не приостанавливает отказ. Лицо может также попросить разъяснить отказ.
forms-refusal-copy = Лицо получает копию этой формы. Выдано: { $state }.
forms-signature-person = Подпись лица
forms-signature-officer = Подпись сотрудника, проводившего проверку
forms-footer = Запись Limes { $reference }
forms-missing-glyphs = Некоторые символы не удалось напечатать (показаны как ?); см. запись.
forms-stamp-title = Данные штампа о въезде и выезде
forms-direction = Направление
forms-direction-entry = Въезд
forms-direction-exit = Выезд
forms-mode = Вид транспорта
forms-mode-land = Суша
forms-mode-air = Воздух
forms-mode-sea = Море
forms-stamp-refused = Во въезде отказано, причина (причины)
forms-stamp-note = Штамп выше показывает, что проставлено в проездном документе в { $bcp }.
forms-stamp-cancelled-note = Во въезде отказано: штамп перечёркнут крестом, рядом указаны буквы причин ({ $bcp }).
forms-protection-title = Просьба о международной защите: акт передачи
forms-protection-statement = Нижеуказанное лицо попросило международной защиты в { $bcp }. Просьба зарегистрирована как таковая: это не отказ во въезде. Лицо передаётся органу, рассматривающему просьбу.
forms-protection-requested-at = Время просьбы
forms-protection-authority = Передан(а) (орган)
forms-protection-handed-at = Дата и время передачи
forms-protection-receiver = Принимающий сотрудник (имя, служба)
forms-signature-handing-officer = Подпись передающего сотрудника
forms-signature-receiver = Подпись принимающего сотрудника
forms-protection-person-copy = Лицо получает копию этого акта.
## federation records
cli-audit-node-intact = узел { $node }: полученная цепочка аудита цела, проверено записей: { $count }, контрольных точек: { $checkpoints }
cli-audit-node-anchored = подписана зарегистрированным ключом узла до записи { $seq }
cli-audit-node-tampered = узел { $node }: журнал аудита усечён, переписан или подписан другим ключом
cli-audit-nodes-tampered = узлов с изменённым журналом аудита: { $count }
cli-audit-node-unknown = ни один узел КПП { $node } не присылал записей в этот центр
## login (sign-in delay, password rule, imports)
login-wrong = Неверное имя пользователя или пароль.
login-throttled = Слишком много неудачных попыток входа отсюда. Повторите через { $seconds } с.
login-not-assigned = Вы не назначены на пункт пропуска { $bcp }.
## enrolment: the organisation comes down from the centre
org-administered-centrally = Этот узел пункта пропуска получает пользователей, пункты пропуска и API-токены из национального центра: вносите изменения там.
## vehicles
cli-vehicles-imported = импортировано записей об угнанных транспортных средствах: { $count }
cli-vehicles-replaced = импортировано записей об угнанных транспортных средствах: { $count } (реестр заменён)
title-vehicle-check = Проверка транспортного средства
nav-vehicles = Транспорт
vehicle-heading = Проверка транспортного средства
vehicle-plate = Госномер
vehicle-country = Страна регистрации
vehicle-vin = VIN
vehicle-make = Марка
vehicle-model = Модель
vehicle-category = Категория
vehicle-category-car = легковой автомобиль
vehicle-category-van = фургон
vehicle-category-truck = грузовик
vehicle-category-trailer = прицеп
vehicle-category-bus = автобус
vehicle-category-motorcycle = мотоцикл
vehicle-direction = Направление
vehicle-driver = Водитель (номер проверки)
vehicle-passengers = Пассажиры (номера проверок)
vehicle-declarations = Перевозимые декларации
vehicle-bcp = КПП
vehicle-check = Проверить
vehicle-verdict-clear = Чисто: ничего не найдено
vehicle-verdict-inspect = Досмотр: проверьте внимательнее
vehicle-verdict-stop = Стоп: ТС в розыске, решает сотрудник
vehicle-region-africa = Африка
vehicle-region-asia = Азия
vehicle-region-europe = Европа
vehicle-region-north_america = Северная Америка
vehicle-region-oceania = Океания
vehicle-region-south_america = Южная Америка
vehicle-vin-check-valid = контрольная цифра верна
vehicle-vin-check-wrong = контрольная цифра НЕВЕРНА: VIN прочитан с ошибкой или изменён
vehicle-vin-check-not-checked = контрольная цифра не проверялась (в этом регионе не используется)
vehicle-vin-malformed = недействительный VIN
vehicle-no-hits = В реестре угнанных ТС не значится.
vehicle-alert = Ориентировка
vehicle-match = Совпадение
vehicle-match-vin = VIN
vehicle-match-plate = номер и страна
vehicle-match-plate_lookalike = похожий номер (O/0, I/1): возможна ошибка чтения
vehicle-vehicle = Транспортное средство
vehicle-stolen-on = Дата угона
vehicle-authority = Инициатор
vehicle-history = Этот номер на этом КПП
vehicle-no-history = Ранее здесь не пересекал.

## registers
cli-documents-changed = Файл изменений применён: добавлено сигналов о документах: { $added }, удалено: { $removed }; версия реестра: { $version }
