# Limes user interface — English (the reference: every other language has every message here, with the same
# placeables). Keys are grouped by page; a new screen adds its own group.

## Every page: navigation, identity

nav-check = Check
nav-arrivals = Arrivals
nav-piu-worklist = PIU worklist
nav-targeting-rules = Targeting rules
nav-second-line = Second line
nav-history = Crossing history
nav-admin = Administration
nav-audit = Audit
nav-sync = BCP nodes
layout-bcp = BCP { $bcp }
layout-sign-out = Sign out
layout-language = Language
layout-language-apply = Apply

## Page titles (the browser tab)

title-sign-in = Sign in
title-check = Border check
title-crossing = Check result
title-purpose = Purpose of access
title-second-line = Second line
title-history = Crossing history
title-admin = Administration
title-audit = Audit trail
title-arrivals = Arrivals
title-piu-worklist = PIU worklist
title-flight = Flight
title-rules = Targeting rules
title-sync = BCP nodes

## Words used on many pages

common-yes = yes
common-no = no
common-all = all
common-unknown = unknown
common-unspecified = unspecified
common-by = by { $who }
common-at = at { $time }
common-when = When
common-when-utc = When (UTC)
common-bcp = BCP
common-direction = Direction
common-outcome = Outcome
common-document = Document
common-documents = Documents
common-traveller = Traveller
common-reason = Reason
common-reasons = Reasons
common-name = Name
common-role = Role
common-agency = Agency
common-active = Active
common-purpose = Purpose
common-status = Status
common-flight = Flight
common-route = Route
common-departure = Departure
common-arrival = Arrival
common-open-hits = Open hits
common-nationality = Nationality
common-sex = Sex
common-open = Open
common-continue = Continue
common-search = Search
purpose-border-check = border check
purpose-second-line = second-line examination
purpose-risk-analysis = risk analysis
purpose-supervision = supervision
purpose-liaison = liaison request

## Codes shown to people: roles, outcomes, states

role-first_line_officer = First-line officer
role-second_line_officer = Second-line officer
role-analyst = Risk analyst
role-supervisor = Supervisor
role-liaison_officer = Liaison officer
role-administrator = Administrator
role-auditor = Auditor
outcome-admitted = Admitted
outcome-refused = Refused
outcome-referred_second_line = Referred to second line
outcome-international_protection = Request for international protection
direction-entry = entry
direction-exit = exit
status-pending = pending
status-referred = referred
status-decided = decided
bcp-kind-land = land
bcp-kind-air = air
bcp-kind-sea = sea
severity-low = low
severity-medium = medium
severity-high = high
severity-critical = critical
alert-status-lost = lost
alert-status-stolen = stolen
alert-status-revoked = revoked
alert-status-invalidated = invalidated
alert-status-stolen_blank = stolen blank
hit-kind-document_alert = document alert
hit-kind-watchlist = watchlist
hit-kind-rule = rule
hit-status-open = open
hit-status-confirmed = confirmed
hit-status-dismissed = dismissed
node-state-silent-behind = silent, behind
node-state-silent = silent
node-state-behind = behind
node-state-in-contact = in contact

## Sign-in page

login-heading = Sign in
login-username = Username
login-password = Password
login-bcp = Border crossing point
login-bcp-as-assigned = — as assigned —
login-submit = Sign in

## Error page

error-title = Error { $status }
error-heading = { $status } — something is wrong
error-back = Go back
error-start-page = Start page

## Border check

check-recorded = Recorded:
check-ready-next = Ready for the next traveller.
check-heading = Border check
check-entry = Entry
check-exit = Exit
check-mrz-label = Machine-readable zone — scan the document or type it; the check runs when the zone is complete and Enter is pressed
check-manual-summary = No readable zone? Type the document fields
check-document-code = Document code
check-issuing-state = Issuing state
check-document-number = Document number
check-surname = Surname
check-given-names = Given names
check-birth-date = Birth date
check-expiry-date = Expiry date
check-date-placeholder = YYYY-MM-DD
check-submit = Check

## Result of a check and the decision

crossing-no-alerts = No alerts, no watchlist hits, document valid.
# What the officer should do, by the level of the recommendation.
verdict-clear = No alerts: continue the standard check
verdict-caution = Verify the points below before deciding
verdict-refer = Refer to second line
crossing-pre-arrival-heading = Pre-arrival alerts confirmed by the passenger information unit
crossing-pre-arrival-flight = flight { $flight } to { $airport }
crossing-pre-arrival-expected-at = expected at { $bcp }
crossing-pre-arrival-confirmed = Confirmed
crossing-second-line-decision = Second-line decision
crossing-decision = Decision
crossing-admit = Admit
crossing-refer = Refer to second line
crossing-protection = Request for international protection
crossing-refusal-reason = Refusal reason
crossing-choose = — choose —
crossing-note = Note
crossing-refuse = Refuse entry
crossing-status = Status: { $status }
crossing-reason-code = reason { $code }
crossing-first-line = First line: { $outcome }
crossing-decided-by = Decided by { $who }
crossing-note-text = Note: { $note }
crossing-document-heading = Document
crossing-expiry = Expiry
crossing-checked = Checked
crossing-checked-text = { $direction } at { $bcp }, { $time } by { $officer } ({ $method })
crossing-document-problems = Document problems
crossing-document-alerts = Document alerts
crossing-no-document-alert = None in the register ({ $document }).
crossing-possible-confusion = possible O/0 or I/1 confusion — compare by eye
crossing-watchlists = Watchlists
crossing-no-watchlist-hit = No match at or above { $percent }% in the lists in force.
crossing-matched-name = matched name: { $name }
crossing-listed = listed: { $reason }
crossing-why = why: { $why }
crossing-previous = Previous crossings
crossing-previous-summary = { $total } before this check: { $entries ->
        [one] { $entries } entry
       *[other] { $entries } entries
    }, { $exits ->
        [one] { $exits } exit
       *[other] { $exits } exits
    }, { $refusals ->
        [one] { $refusals } refusal
       *[other] { $refusals } refusals
    }, { $referrals ->
        [one] { $referrals } referral
       *[other] { $referrals } referrals
    }.

## Purpose of access

purpose-heading = Purpose of access
purpose-explain = This page shows personal data. Every view is recorded with its purpose.

## Second line

second-line-heading = Second line — referred travellers
second-line-empty = Nobody is waiting.
second-line-since = Since
second-line-referred-by = Referred by
second-line-examine = Examine

## Crossing history

history-heading = Crossing history
history-search = Surname or document number
history-count = { $count ->
        [one] { $count } crossing.
       *[other] { $count } crossings.
    }

## Administration

admin-watchlists = Watchlists
admin-list = List
admin-entries = Entries
admin-published = Published
admin-imported = Imported
admin-version = Version
common-time-by = { $time } by { $who }
admin-list-id = List id
admin-format = Format
admin-format-detect = detect
admin-format-un-xml = UN consolidated XML
admin-format-ofac-csv = OFAC SDN CSV (main file)
admin-format-uk-hmt = UK HMT CSV
admin-format-limes-csv = Limes CSV
admin-format-limes-json = Limes JSON
admin-file = File
admin-import-watchlist = Import watchlist
admin-document-register = Document-alert register
admin-records = { $count ->
        [one] record.
       *[other] records.
    }
admin-csv-file = CSV file
admin-replace-register = Replace the whole register
admin-import-documents = Import document alerts
admin-bcps = Border crossing points
admin-code = Code
admin-kind = Kind
admin-section = Section
admin-border-section = Border section
admin-neighbour = Neighbour
admin-neighbour-icao = Neighbour (ICAO)
admin-save-bcp = Save BCP
admin-users = Users
admin-username = Username
admin-display-name = Display name
admin-bcps-column = BCPs
admin-bcps-field = BCPs (comma-separated; empty = all)
admin-password = Initial password (10+ characters)
admin-deactivate = Deactivate
admin-activate = Activate
admin-create-user = Create user

## Audit trail

audit-heading = Audit trail
audit-chain-intact = Hash chain intact: { $count } entries verified.
audit-who = Who
audit-action = Action
audit-subject = Subject
audit-detail = Detail

## Advance passenger information: arrivals board

board-heading = Arrivals — { $day }
board-day = Day
board-show = Show
board-explain = Advance passenger information received for flights arriving this day. The board refreshes itself every 15 seconds.
board-passengers = Passengers
board-crew = Crew
board-confirmed = Confirmed
board-dismissed = Dismissed
board-manifests = Manifests
board-last-received = Last received
board-empty = No advance passenger information for this day.
# The live board fills in the time and the number of flights in the browser.
board-updated = Updated { $time } — { $count } flight(s).
board-not-updated = Not updated ({ $error }); retrying.
board-upload-heading = Hand in a PAXLST message
board-upload-explain = Carriers send messages to { $endpoint } or the inbox directory; a message received another way can be handed in here. It is screened at once.
board-upload-file = UN/EDIFACT PAXLST file
board-upload-submit = Take in and screen

## Advance passenger information: the worklist of the passenger information unit (PIU)

worklist-heading = Passenger information unit — flights with open hits
worklist-empty = No open hits. New manifests are screened the moment they arrive.
worklist-most-serious = Most serious
worklist-travellers = Travellers
worklist-people = { $passengers } + { $crew } crew
worklist-review = Review

## Advance passenger information: one flight

flight-legs = Legs
flight-purpose-recorded = { $purpose } (recorded)
flight-travellers-with-hits = Travellers with hits
flight-no-hits = No hit on anyone in the current manifests.
flight-born = born { $date }
flight-born-unknown = born unknown
flight-booking = booking { $reference }
flight-seat = seat { $seat }
flight-documents = Documents: { $documents }
flight-review-reason = Reason
flight-review-placeholder = what you compared
flight-confirm = Confirm — alert the arrival BCP
flight-dismiss = Dismiss as a false match
flight-manifest = Manifest ({ $count } more without hits)
flight-born-column = Born
flight-booking-column = Booking
flight-seat-column = Seat
flight-messages = Messages received
flight-received = Received
flight-kind = Kind
flight-sender = Sender
flight-interchange = Interchange
flight-message = Message
flight-persons = Persons
flight-warnings = Warnings
flight-superseded = superseded
flight-current = current

## Advance passenger information: targeting rules

rules-heading = Targeting rules
rules-none = No rules yet.
rules-rule = Rule
rules-severity = Severity
rules-owner = Owner
rules-in-force = In force
rules-fired = Fired
rules-saved = Saved
rules-new-heading = New rule, or a new version of one
rules-explain = Write the rule as JSON (a change keeps the id and takes the next version number). It is checked when saved and applies to the next message that arrives.
rules-submit = Check and save
rules-fields = Fields a { $field } predicate can name

## Synchronisation: the BCP nodes seen from the national centre

sync-heading = BCP nodes
sync-open-on-centre = Open this page on the national centre's server ({ $command }).
sync-no-alarm = No alarm: every node is in contact and holds the centre's lists.
sync-alarms = { $count ->
        [one] { $count } alarm
       *[other] { $count } alarms
    }
sync-as-of = As of { $time } UTC. A node is silent after { $seconds } s without contact; behind when it holds an older list than the centre.
sync-no-nodes = No BCP node has reported to this centre yet.
sync-node = Node
sync-state = State
sync-last-contact = Last contact (UTC)
sync-seconds-since = Seconds since
sync-backlog = Backlog
sync-lists = Lists: node / centre
sync-records = Records received
sync-last-seq = (last seq { $seq })

## Command line: what an operator reads (the language of LIMES_LANGUAGE, else English)

cli-init-done = database ready; administrator '{ $username }' created
cli-init-has-users = the database already has users; use `limes user add`
cli-user-created = user '{ $username }' ({ $role }) created
cli-watchlist-imported = { $count } entries imported from { $file }
cli-documents-imported = { $count } document alerts imported
cli-documents-replaced = { $count } document alerts imported (register replaced)
cli-audit-intact = audit chain intact: { $count } entries verified
cli-node-chain-intact = audit chain of node { $node } intact: { $count } entries verified
cli-no-users = the database has no users yet: run `limes init` first

## PAXLST conveyances (air, sea, road, rail) and warnings on one traveller
pax-conveyance = Conveyance
pax-mode-air = Air
pax-mode-sea = Sea
pax-mode-road = Road
pax-mode-rail = Rail
pax-vessel = vessel { $name }
pax-imo = IMO { $number }
pax-registration = registration { $registration }
pax-traveller-warning = Warning: { $warning }
## Evasion: how a name is written (hidden characters, reversed text, look-alike letters)

evasion-hidden-characters = hidden characters in the name: { $detail }
evasion-bidi-override = the name is written reversed inside a direction override
evasion-mixed-scripts = the name mixes look-alike letters of several scripts: { $detail }
evasion-mixed-numbers = the name mixes digits of several number systems
evasion-stacked-marks = { $detail } stacked accent marks removed from the name
evasion-problem = { $field }: { $finding }
evasion-action = Verify the points below before deciding
evasion-reason = How the name is written: { $detail }
evasion-name-as-written = Name as written (hidden characters shown)
## Accounts: machine accounts, API tokens, sign-in limits

role-sender = PAXLST sender (machine account)
role-gate = E-gate or kiosk (machine account)
cli-token-created = token { $id } created, valid until { $expires } UTC; the token follows (shown once only)
cli-token-revoked = token { $id } revoked
cli-data-dir-open = the data directory { $dir } may be read or written by others (mode { $mode }); it holds personal data and keys. Run `chmod 700 { $dir }` (as the user Limes runs as) and start again
## audit anchoring
audit-anchored-through = Entries up to { $seq } match the latest signed checkpoint.
audit-no-checkpoint = No signed checkpoint yet: nothing is anchored.
audit-unanchored = Entries { $range } are after the latest signed checkpoint (unanchored: linked, not yet proven).
audit-chain-tampered = The audit trail was altered, truncated or rewritten:
audit-filter-from = From
audit-filter-to = To
audit-filter-apply = Filter
audit-export-csv = Export CSV
audit-next-page = Older entries
cli-audit-anchored = anchored by the checkpoint signed at { $at }: entries up to { $seq }
cli-audit-unanchored = entries { $first }..{ $last } are after the latest signed checkpoint (unanchored: linked, not yet proven)
cli-audit-tampered = audit trail altered, truncated or rewritten
cli-audit-public-key = audit public key: { $key }
## officer: the check and decision workflow
status-pending_override = pending override
status-abandoned = abandoned
status-superseded = superseded by a rescan
officer-status-pending-override = Admission on override, waiting for a second person
officer-override-waiting = Admission on override by { $who }: waiting for confirmation by a supervisor or second-line officer
officer-override-confirmed = Admitted on override by { $who }, confirmed by { $confirmer }
officer-override-admitted = Admitted on override by { $who }
officer-override-overruled = Override by { $who } not confirmed: decided otherwise
officer-confirmed-at = confirmed { $time }
officer-override-code-not_the_person = Not the listed person: identity established
officer-override-code-no_longer_applies = The listing or alert no longer applies
officer-override-code-authorised = Entry authorised by a competent authority
officer-override-code-cleared_by_examination = Cleared by second-line examination
officer-override-code-other = Other ground (stated)
officer-closed-abandoned = Check abandoned without a decision: not a crossing
officer-closed-superseded = Check superseded by a rescan: not a crossing
officer-confirm-heading = Four eyes: confirm or overrule the admission on override
officer-confirm-override = Confirm the override (admit)
officer-own-override = You made this override: another supervisor or second-line officer must confirm it.
officer-shortcuts = Keys: A admit · R refer · P protection · O override reason · F refusal reason · C confirm · X abandon
officer-allow-exit = Allow exit
officer-stop-exit = Stop exit
officer-exit-stop-reason = Ground for stopping the exit
officer-override-rule = Admitting over the hit above needs a reason code and your reason.
officer-override-critical-rule = Critical hit: admitting needs a reason code, your reason and confirmation by a supervisor or second-line officer (four eyes).
officer-override-code-label = Why the hit does not stop this traveller
officer-override-reason-label = Your reason
officer-admit-override = Admit on override
officer-allow-exit-override = Allow exit on override
officer-abandon = Abandon check (no crossing)
officer-waiting = Waiting
officer-waited-minutes = { $minutes } min
## Need-to-know, history search and stay

history-from = From
history-to = To
history-all-my-bcps = All my BCPs
history-any-outcome = Any outcome
history-user = Officer (username)
history-page = Page { $page }.
history-export = Export as CSV
history-previous = Previous page
history-next = Next page
history-purpose-needed = Say why you search (purpose), e.g. "second-line examination".
## federation
federation-link-problem = This node's NATS link: { $problem }
cli-audit-checkpoint = audit checkpoint signed at entry { $seq }
cli-audit-checkpoint-none = the latest checkpoint already signs the chain head
officer-hit-traveller = Traveller
officer-hit-listed = Listed person
officer-hit-match = Match
officer-hit-kind-exact = exact
officer-hit-kind-variant = name variant
officer-hit-kind-transliteration = transliteration
officer-hit-kind-typo = close spelling (typo)
officer-hit-unmatched = no counterpart
officer-hit-name-score = Why this score: the name parts match { $percent }%
officer-hit-qualifier-birth_date = birth date
officer-hit-qualifier-nationality = nationality
officer-hit-qualifier-gender = sex
officer-hit-qualifier-document = document
officer-hit-qualifier-commonness = how common the name is
officer-hit-raw = Raw detail
title-overstayers = Overstayers
nav-overstayers = Overstayers
overstay-heading = Travellers over the allowed stay
overstay-none = No traveller is over the allowed stay.
overstay-days-over = Days over
overstay-days-used = Days used
overstay-used-of = { $used } of { $max }
overstay-last-crossing = Last crossing
overstay-still-in = Still in
overstay-yes = yes
overstay-no = no (left)

## goods
nav-goods-declarations = Declarations
nav-goods-inspections = Inspections
role-customs_officer = Customs officer
role-agency_officer = Partner agency officer
role-declarant = Goods declarant (machine account)
role-patrol_officer = Patrol officer
role-hotline_handler = Hotline handler
role-internal_affairs = Internal affairs
goods-declarations-heading = Goods declarations
goods-declarations-none = No declaration yet.
goods-reference = Reference
goods-bcp = BCP
goods-lodged = Lodged
goods-items = Items
goods-lane = Lane
goods-status = Status
goods-lane-red = red (physical inspection)
goods-lane-yellow = yellow (documents)
goods-lane-green = green (release)
goods-lane-blue = blue (post-clearance audit)
goods-status-under_review = under review
goods-status-held = held
goods-status-released = released
goods-status-refused = refused
goods-status-invalidated = invalidated
goods-declaration-heading = Declaration { $reference }
goods-type = Type
goods-version = Version
goods-transport = Transport
goods-reason-rule = Rule
goods-reason-random = Random selection
goods-reason-every_nth = Every Nth
goods-reason-total = Total inspection
goods-parties = Parties
goods-party-declarant = Declarant
goods-party-exporter = Exporter
goods-party-importer = Importer
goods-party-consignor = Consignor
goods-party-consignee = Consignee
goods-party-carrier = Carrier
goods-code = Commodity code
goods-description = Description
goods-origin = Origin
goods-mass = Gross mass (kg)
goods-procedure = Procedure
goods-agencies = Agencies
goods-verdict-pending = to decide
goods-verdict-released = released
goods-verdict-held = held
goods-verdict-refused = refused
goods-decide-for = Decision for { $agency }:
goods-reason-label = Reason (to hold or refuse)
goods-release = Release
goods-hold = Hold
goods-refuse = Refuse
goods-inspections-heading = Inspections
goods-found = Found
goods-not-found = Nothing found
goods-inspection-open = waiting for its result
goods-history = History
goods-function-original = lodged
goods-function-amendment = amended
goods-function-invalidation = invalidated
goods-queue-heading = Inspection queue
goods-queue-none = No consignment waits for inspection.
goods-containers = Containers and seals
goods-reasons = Reasons
goods-inspection-heading = Inspection of { $reference }
goods-open-declaration = the declaration
goods-to-verify = To verify
goods-seals = Seals
goods-open-seizure = Open the seizure record
goods-result = Result
goods-what = What was found
goods-where = Where
goods-seals-intact = intact
goods-seals-broken = broken or missing
goods-note = Note
goods-record-result = Record the result
## admin and second-line examination
title-examination = Examination
title-edit-user = Edit user
title-password-reset = Password reset
admin-edit = Edit
admin-error-field = Field { $field }
admin-error-self-deactivation = You cannot deactivate your own account.
admin-error-self-demotion = You cannot remove the administrator role from your own account.
admin-error-last-administrator = The installation would have no active administrator left.
admin-error-role-kind = A person’s account cannot become a machine account, nor a machine account a person’s.
admin-error-username = Username: 2 to 64 characters: a-z, 0-9, dot, dash or underscore.
admin-error-username-taken = This username is already taken.
admin-error-display-name = Name: 1 to 100 characters.
admin-error-reset-code = The reset code is unknown, used or expired; ask an administrator for a new one.
user-edit-heading = Edit user { $username }
user-edit-back = Back to administration
user-edit-language = Language
user-edit-language-default = The installation’s language
user-edit-bcps = Border crossing points
user-edit-bcps-hint = None ticked: every BCP.
user-edit-self-note = This is your own account: you cannot deactivate it nor remove your own administrator role.
user-edit-save = Save user
user-reset-heading = Password reset
user-reset-explain = Issue a one-time code the user enters with a new password. The current password works until then; the code works once, for 24 hours.
user-reset-issue = Issue a reset code
user-reset-issued-heading = Reset code for { $username }
user-reset-issued-once = This code is shown only now. Hand it to the user in person or by a trusted channel.
user-reset-issued-code = Code:
user-reset-issued-where = The user opens { $path } and enters the code with a new password.
user-reset-issued-until = Valid until { $time }.
reset-heading = Set a new password
reset-explain = Enter the code your administrator gave you and choose a new password.
reset-code = Reset code
reset-new-password = New password
reset-confirm = New password again
reset-submit = Set the password
reset-done = Your password is set; your other sessions have ended.
reset-sign-in = Sign in
reset-error-mismatch = The two passwords differ.
exam-heading = Second-line examination
exam-referred-by = Referred by { $officer }
exam-back-to-crossing = Back to the check
exam-record-heading = Record an examination
exam-record-link = Record the examination
exam-list-heading = Examinations
exam-none = No examination recorded yet.
exam-interview-notes = Interview notes
exam-documents = Documents examined
exam-document = Document
exam-methods = How:
exam-finding = Finding
exam-outcome = Outcome
exam-refusal-reasons = Refusal reasons
exam-police-unit = Handed over to police unit
exam-police-officer = Police officer
exam-further-checks = Further checks
exam-minutes = Minutes spent
exam-minutes-spent = { $minutes } min
exam-save = Save the examination
exam-not-referred = This traveller was not referred to second line.
exam-queue-examined = Examined: { $outcome }
exam-method-uv = UV light
exam-method-ir = infrared
exam-method-magnification = magnification
exam-method-database = database
exam-finding-genuine = genuine
exam-finding-forged = forged
exam-finding-counterfeit = counterfeit
exam-finding-fraudulently_obtained = fraudulently obtained
exam-finding-impostor = impostor
exam-outcome-admitted = Admitted
exam-outcome-refused = Refused
exam-outcome-protection_request = Request for international protection
exam-outcome-handed_to_police = Handed over to the police
exam-outcome-further_checks = Further checks
## forms
forms-links-heading = Printable forms
forms-link-refusal = Refusal of entry (PDF)
forms-link-stamp = Stamp data (PDF)
forms-link-protection = Protection request hand-over (PDF)
forms-refusal-title = Refusal of entry at the border
forms-refusal-basis = Standard form, Regulation (EU) 2016/399 (Schengen Borders Code), Annex V, Part B
forms-bcp = Border crossing point
forms-date-time = Date and time
forms-officer = Officer (name and id)
forms-refusal-person-intro = At this border crossing point the officer below checked the following person:
forms-surname = Surname
forms-given-names = Given names
forms-birth-date = Date of birth
forms-sex = Sex
forms-nationality = Nationality
forms-document = Travel document (type, number, issuing state)
forms-unknown = not known
forms-refusal-reasons-intro = The person was informed that entry is refused under Article 14 of Regulation (EU) 2016/399 for the reason(s) ticked below:
forms-reason-A = Has no valid travel document(s)
forms-reason-B = Has a false, counterfeit or forged travel document
forms-reason-C = Has no valid visa or residence permit
forms-reason-D = Has a false, counterfeit or forged visa or residence permit
forms-reason-E = Has no appropriate documentation justifying the purpose and conditions of stay
forms-reason-F = Has already stayed for 90 days during a 180-day period
forms-reason-G = Does not have sufficient means of subsistence
forms-reason-H = Is a person for whom an alert has been issued for the purposes of refusing entry
forms-reason-I = Is considered to be a threat to public policy, internal security, public health or the international relations of one or more Member States
forms-reason-J = Has no valid travel authorisation
forms-refusal-remedies = The person may appeal against this refusal of entry as national law provides; an appeal does not suspend the refusal. The person may also ask for the refusal to be explained.
forms-refusal-copy = The person receives a copy of this form. Issued by { $state }.
forms-signature-person = Signature of the person concerned
forms-signature-officer = Signature of the officer responsible for the check
forms-footer = Limes record { $reference }
forms-missing-glyphs = Some characters could not be printed (shown as ?); see the record.
forms-stamp-title = Entry and exit stamp data
forms-direction = Direction
forms-direction-entry = Entry
forms-direction-exit = Exit
forms-mode = Mode of transport
forms-mode-land = Land
forms-mode-air = Air
forms-mode-sea = Sea
forms-stamp-refused = Entry refused, reason(s)
forms-stamp-note = The stamp above shows what is stamped in the travel document at { $bcp }.
forms-stamp-cancelled-note = Entry refused: the stamp is cancelled by a cross, the reason letters written beside it ({ $bcp }).
forms-protection-title = Request for international protection: hand-over record
forms-protection-statement = The person below asked for international protection at { $bcp }. The request is recorded as such: this is not a refusal of entry. The person is handed over to the authority responsible for examining the request.
forms-protection-requested-at = Request made at
forms-protection-authority = Handed over to (authority)
forms-protection-handed-at = Date and time of hand-over
forms-protection-receiver = Receiving official (name, service)
forms-signature-handing-officer = Signature of the officer handing over
forms-signature-receiver = Signature of the receiving official
forms-protection-person-copy = The person receives a copy of this record.
## federation records
cli-audit-node-intact = node { $node }: audit chain as received intact, { $count } entries verified against { $checkpoints } checkpoints
cli-audit-node-anchored = signed by the node's registered key up to entry { $seq }
cli-audit-node-tampered = node { $node }: audit log truncated, rewritten or signed by another key
cli-audit-nodes-tampered = { $count } node(s) with an altered audit log
cli-audit-node-unknown = no BCP node { $node } has sent records to this centre
## login (sign-in delay, password rule, imports)
login-wrong = Wrong username or password.
login-throttled = Too many failed sign-ins from here. Try again in { $seconds } seconds.
login-not-assigned = You are not assigned to BCP { $bcp }.
## enrolment: the organisation comes down from the centre
org-administered-centrally = This BCP node receives its users, BCPs and API tokens from the national centre: make changes there.
## vehicles
cli-vehicles-imported = { $count } stolen-vehicle records imported
cli-vehicles-replaced = { $count } stolen-vehicle records imported (register replaced)
title-vehicle-check = Vehicle check
nav-vehicles = Vehicles
vehicle-heading = Vehicle check
vehicle-plate = Plate
vehicle-country = Registration country
vehicle-vin = VIN
vehicle-make = Make
vehicle-model = Model
vehicle-category = Category
vehicle-category-car = car
vehicle-category-van = van
vehicle-category-truck = truck
vehicle-category-trailer = trailer
vehicle-category-bus = bus
vehicle-category-motorcycle = motorcycle
vehicle-direction = Direction
vehicle-driver = Driver (check id)
vehicle-passengers = Passengers (check ids)
vehicle-declarations = Declarations carried
vehicle-bcp = BCP
vehicle-check = Check vehicle
vehicle-verdict-clear = Clear: nothing found
vehicle-verdict-inspect = Inspect: look closer
vehicle-verdict-stop = Stop: stolen-vehicle hit, the officer decides
vehicle-region-africa = Africa
vehicle-region-asia = Asia
vehicle-region-europe = Europe
vehicle-region-north_america = North America
vehicle-region-oceania = Oceania
vehicle-region-south_america = South America
vehicle-vin-check-valid = check digit correct
vehicle-vin-check-wrong = check digit WRONG: misread or altered VIN
vehicle-vin-check-not-checked = check digit not checked (not used in this region)
vehicle-vin-malformed = not a valid VIN
vehicle-no-hits = Not in the stolen-vehicle register.
vehicle-alert = Alert
vehicle-match = Match
vehicle-match-vin = VIN
vehicle-match-plate = plate and country
vehicle-match-plate_lookalike = look-alike plate (O/0, I/1): possible misreading
vehicle-vehicle = Vehicle
vehicle-stolen-on = Stolen on
vehicle-authority = Reported by
vehicle-history = This plate at this BCP
vehicle-no-history = No earlier crossing here.

## registers
cli-documents-changed = Change file applied: { $added } document alerts added, { $removed } removed; the register is at version { $version }
