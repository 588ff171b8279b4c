# Interface de Limes — français. Mêmes clés et mêmes paramètres ({ $nom }) que en.ftl.

## Toutes les pages : navigation, identité

nav-check = Contrôle
nav-arrivals = Arrivées
nav-piu-worklist = Liste de travail UIP
nav-targeting-rules = Règles de ciblage
nav-second-line = Deuxième ligne
nav-history = Historique des passages
nav-admin = Administration
nav-audit = Audit
nav-sync = Nœuds des PPF
layout-bcp = PPF { $bcp }
layout-sign-out = Se déconnecter
layout-language = Langue
layout-language-apply = Appliquer

## Titres des pages (onglet du navigateur)

title-sign-in = Connexion
title-check = Contrôle frontalier
title-crossing = Résultat du contrôle
title-purpose = Finalité de l'accès
title-second-line = Deuxième ligne
title-history = Historique des passages
title-admin = Administration
title-audit = Journal d'audit
title-arrivals = Arrivées
title-piu-worklist = Liste de travail UIP
title-flight = Vol
title-rules = Règles de ciblage
title-sync = Nœuds des PPF

## Mots communs à plusieurs pages

common-yes = oui
common-no = non
common-all = tous
common-unknown = inconnue
common-unspecified = non précisé
common-by = par { $who }
common-at = le { $time }
common-time-by = { $time } par { $who }
common-when = Date
common-when-utc = Date (UTC)
common-bcp = PPF
common-direction = Sens
common-outcome = Décision
common-document = Document
common-documents = Documents
common-traveller = Voyageur
common-reason = Motif
common-reasons = Motifs
common-name = Nom
common-role = Rôle
common-agency = Service
common-active = Actif
common-purpose = Finalité
common-status = État
common-flight = Vol
common-route = Itinéraire
common-departure = Départ
common-arrival = Arrivée
common-open-hits = Concordances ouvertes
common-nationality = Nationalité
common-sex = Sexe
common-open = Ouvrir
common-continue = Continuer
common-search = Rechercher
purpose-border-check = contrôle frontalier
purpose-second-line = examen en deuxième ligne
purpose-risk-analysis = analyse de risque
purpose-supervision = supervision
purpose-liaison = demande d'un officier de liaison

## Codes présentés aux agents : rôles, décisions, états

role-first_line_officer = Agent de première ligne
role-second_line_officer = Agent de deuxième ligne
role-analyst = Analyste de risque
role-supervisor = Superviseur
role-liaison_officer = Officier de liaison
role-administrator = Administrateur
role-auditor = Auditeur
outcome-admitted = Admis
outcome-refused = Entrée refusée
outcome-referred_second_line = Orienté vers la deuxième ligne
outcome-international_protection = Demande de protection internationale
direction-entry = entrée
direction-exit = sortie
status-pending = en attente
status-referred = en deuxième ligne
status-decided = décidé
bcp-kind-land = terrestre
bcp-kind-air = aérien
bcp-kind-sea = maritime
severity-low = faible
severity-medium = moyenne
severity-high = élevée
severity-critical = critique
alert-status-lost = perdu
alert-status-stolen = volé
alert-status-revoked = retiré
alert-status-invalidated = invalidé
alert-status-stolen_blank = vierge volé
hit-kind-document_alert = signalement de document
hit-kind-watchlist = liste de surveillance
hit-kind-rule = règle de ciblage
hit-status-open = ouverte
hit-status-confirmed = confirmée
hit-status-dismissed = écartée
node-state-silent-behind = silencieux, en retard
node-state-silent = silencieux
node-state-behind = en retard
node-state-in-contact = en contact

## Connexion

login-heading = Connexion
login-username = Identifiant
login-password = Mot de passe
login-bcp = Point de passage frontalier
login-bcp-as-assigned = — selon l'affectation —
login-submit = Se connecter

## Page d'erreur

error-title = Erreur { $status }
error-heading = { $status } — un problème est survenu
error-back = Retour
error-start-page = Page d'accueil

## Contrôle frontalier

check-recorded = Enregistré :
check-ready-next = Prêt pour le voyageur suivant.
check-heading = Contrôle frontalier
check-entry = Entrée
check-exit = Sortie
check-mrz-label = Zone de lecture automatique (ZLA) — scannez le document ou saisissez la zone ; le contrôle se lance lorsque la zone est complète et que vous appuyez sur Entrée
check-manual-summary = Pas de zone lisible ? Saisissez les champs du document
check-document-code = Code du document
check-issuing-state = État de délivrance
check-document-number = Numéro du document
check-surname = Nom
check-given-names = Prénoms
check-birth-date = Date de naissance
check-expiry-date = Date d'expiration
check-date-placeholder = AAAA-MM-JJ
check-submit = Contrôler

## Résultat du contrôle et décision

crossing-no-alerts = Aucun signalement, aucune concordance avec les listes de surveillance, document valide.
verdict-clear = Aucune alerte : poursuivre le contrôle normal
verdict-caution = Vérifier les points ci-dessous avant de décider
verdict-refer = Orienter vers la deuxième ligne
crossing-pre-arrival-heading = Alertes préalables à l'arrivée confirmées par l'unité d'information passagers
crossing-pre-arrival-flight = vol { $flight } à destination de { $airport }
crossing-pre-arrival-expected-at = attendu au PPF { $bcp }
crossing-pre-arrival-confirmed = Confirmée
crossing-second-line-decision = Décision de deuxième ligne
crossing-decision = Décision
crossing-admit = Admettre
crossing-refer = Orienter vers la deuxième ligne
crossing-protection = Demande de protection internationale
crossing-refusal-reason = Motif du refus d'entrée
crossing-choose = — choisir —
crossing-note = Observation
crossing-refuse = Refuser l'entrée
crossing-status = État : { $status }
crossing-reason-code = motif { $code }
crossing-first-line = Première ligne : { $outcome }
crossing-decided-by = Décision prise par { $who }
crossing-note-text = Observation : { $note }
crossing-document-heading = Document
crossing-expiry = Expiration
crossing-checked = Contrôle
crossing-checked-text = { $direction } au PPF { $bcp }, le { $time }, par { $officer } ({ $method })
crossing-document-problems = Anomalies du document
crossing-document-alerts = Signalements de documents
crossing-no-document-alert = Aucun signalement au registre ({ $document }).
crossing-possible-confusion = confusion possible entre O et 0 ou I et 1 — comparer à l'œil
crossing-watchlists = Listes de surveillance
crossing-no-watchlist-hit = Aucune concordance égale ou supérieure à { $percent } % dans les listes en vigueur.
crossing-matched-name = nom concordant : { $name }
crossing-listed = motif de l'inscription : { $reason }
crossing-why = justification : { $why }
crossing-previous = Passages antérieurs
crossing-previous-summary = { $total } avant ce contrôle : { $entries ->
        [one] { $entries } entrée
       *[other] { $entries } entrées
    }, { $exits ->
        [one] { $exits } sortie
       *[other] { $exits } sorties
    }, { $refusals } refus d'entrée, { $referrals ->
        [one] { $referrals } orientation en deuxième ligne
       *[other] { $referrals } orientations en deuxième ligne
    }.

## Finalité de l'accès

purpose-heading = Finalité de l'accès
purpose-explain = Cette page affiche des données à caractère personnel. Chaque consultation est enregistrée avec sa finalité.

## Deuxième ligne

second-line-heading = Deuxième ligne — voyageurs orientés
second-line-empty = Personne n'attend.
second-line-since = Depuis
second-line-referred-by = Orienté par
second-line-examine = Examiner

## Historique des passages

history-heading = Historique des passages
history-search = Nom ou numéro de document
history-count = { $count ->
        [one] { $count } passage.
       *[other] { $count } passages.
    }

## Administration

admin-watchlists = Listes de surveillance
admin-list = Liste
admin-entries = Inscriptions
admin-published = Publication
admin-imported = Importation
admin-version = Version
admin-list-id = Identifiant de la liste
admin-format = Format
admin-format-detect = détection automatique
admin-format-un-xml = Liste récapitulative de l'ONU (XML)
admin-format-ofac-csv = OFAC SDN, CSV (fichier principal)
admin-format-uk-hmt = HM Treasury (Royaume-Uni), CSV
admin-format-limes-csv = Limes, CSV
admin-format-limes-json = Limes, JSON
admin-file = Fichier
admin-import-watchlist = Importer la liste de surveillance
admin-document-register = Registre des signalements de documents
admin-records = { $count ->
        [one] enregistrement.
       *[other] enregistrements.
    }
admin-csv-file = Fichier CSV
admin-replace-register = Remplacer tout le registre
admin-import-documents = Importer les signalements de documents
admin-bcps = Points de passage frontaliers
admin-code = Code
admin-kind = Type
admin-section = Tronçon
admin-border-section = Tronçon de frontière
admin-neighbour = Pays voisin
admin-neighbour-icao = Pays voisin (code OACI)
admin-save-bcp = Enregistrer le PPF
admin-users = Utilisateurs
admin-username = Identifiant
admin-display-name = Nom affiché
admin-bcps-column = PPF
admin-bcps-field = PPF (séparés par des virgules ; vide = tous)
admin-password = Mot de passe initial (10 caractères ou plus)
admin-deactivate = Désactiver
admin-activate = Activer
admin-create-user = Créer l'utilisateur

## Journal d'audit

audit-heading = Journal d'audit
audit-chain-intact = Chaîne de hachage intacte : { $count ->
        [one] { $count } entrée vérifiée.
       *[other] { $count } entrées vérifiées.
    }
audit-who = Qui
audit-action = Action
audit-subject = Objet
audit-detail = Détail

## Informations préalables sur les passagers : tableau des arrivées

board-heading = Arrivées — { $day }
board-day = Jour
board-show = Afficher
board-explain = Informations préalables sur les passagers (API) reçues pour les vols arrivant ce jour. Le tableau s'actualise toutes les 15 secondes.
board-passengers = Passagers
board-crew = Équipage
board-confirmed = Confirmées
board-dismissed = Écartées
board-manifests = Manifestes
board-last-received = Dernière réception
board-empty = Aucune information préalable sur les passagers pour ce jour.
board-updated = Actualisé à { $time } — { $count } vol(s).
board-not-updated = Non actualisé ({ $error }) ; nouvelle tentative en cours.
board-upload-heading = Déposer un message PAXLST
board-upload-explain = Les transporteurs envoient leurs messages à { $endpoint } ou dans le répertoire de dépôt ; un message reçu par une autre voie peut être déposé ici. Il est aussitôt passé au crible.
board-upload-file = Fichier UN/EDIFACT PAXLST
board-upload-submit = Recevoir et passer au crible

## Informations préalables sur les passagers : liste de travail de l'unité d'information passagers (UIP)

worklist-heading = Unité d'information passagers — vols avec concordances ouvertes
worklist-empty = Aucune concordance ouverte. Les nouveaux manifestes sont passés au crible dès leur arrivée.
worklist-most-serious = Gravité la plus haute
worklist-travellers = Voyageurs
worklist-people = { $passengers } + { $crew ->
        [one] { $crew } membre d'équipage
       *[other] { $crew } membres d'équipage
    }
worklist-review = Examiner

## Informations préalables sur les passagers : un vol

flight-legs = Tronçons
flight-purpose-recorded = { $purpose } (enregistrée)
flight-travellers-with-hits = Voyageurs avec concordances
flight-no-hits = Aucune concordance sur les personnes des manifestes en vigueur.
flight-born = né(e) le { $date }
flight-born-unknown = date de naissance inconnue
flight-booking = réservation { $reference }
flight-seat = siège { $seat }
flight-documents = Documents : { $documents }
flight-review-reason = Motif
flight-review-placeholder = ce que vous avez comparé
flight-confirm = Confirmer — alerter le PPF d'arrivée
flight-dismiss = Écarter : fausse concordance
flight-manifest = Manifeste ({ $count ->
        [one] { $count } autre personne sans concordance
       *[other] { $count } autres personnes sans concordance
    })
flight-born-column = Naissance
flight-booking-column = Réservation
flight-seat-column = Siège
flight-messages = Messages reçus
flight-received = Réception
flight-kind = Type
flight-sender = Expéditeur
flight-interchange = Échange
flight-message = Message
flight-persons = Personnes
flight-warnings = Avertissements
flight-superseded = remplacé
flight-current = en vigueur

## Informations préalables sur les passagers : règles de ciblage

rules-heading = Règles de ciblage
rules-none = Aucune règle pour l'instant.
rules-rule = Règle
rules-severity = Gravité
rules-owner = Responsable
rules-in-force = En vigueur
rules-fired = Déclenchements
rules-saved = Enregistrement
rules-new-heading = Nouvelle règle, ou nouvelle version d'une règle
rules-explain = Rédigez la règle en JSON (une modification garde l'identifiant et prend le numéro de version suivant). Elle est vérifiée à l'enregistrement et s'applique au prochain message reçu.
rules-submit = Vérifier et enregistrer
rules-fields = Champs qu'un prédicat { $field } peut désigner

## Synchronisation : les nœuds des PPF vus du centre national

sync-heading = Nœuds des PPF
sync-open-on-centre = Ouvrez cette page sur le serveur du centre national ({ $command }).
sync-no-alarm = Aucune alarme : tous les nœuds sont en contact et disposent des listes du centre.
sync-alarms = { $count ->
        [one] { $count } alarme
       *[other] { $count } alarmes
    }
sync-as-of = Situation au { $time } UTC. Un nœud est silencieux après { $seconds } s sans contact, en retard lorsqu'il détient une liste plus ancienne que celle du centre.
sync-no-nodes = Aucun nœud de PPF ne s'est encore manifesté auprès de ce centre.
sync-node = Nœud
sync-state = État
sync-last-contact = Dernier contact (UTC)
sync-seconds-since = Secondes écoulées
sync-backlog = En attente d'envoi
sync-lists = Listes : nœud / centre
sync-records = Enregistrements reçus
sync-last-seq = (dernière séquence { $seq })

## Ligne de commande : ce que lit l'opérateur (la langue de LIMES_LANGUAGE, sinon l'anglais)

cli-init-done = base de données prête ; administrateur « { $username } » créé
cli-init-has-users = la base de données a déjà des utilisateurs ; utilisez `limes user add`
cli-user-created = utilisateur « { $username } » ({ $role }) créé
cli-watchlist-imported = { $count } entrées importées depuis { $file }
cli-documents-imported = { $count } signalements de documents importés
cli-documents-replaced = { $count } signalements de documents importés (registre remplacé)
cli-audit-intact = chaîne d'audit intacte : { $count } entrées vérifiées
cli-node-chain-intact = chaîne d'audit du nœud { $node } intacte : { $count } entrées vérifiées
cli-no-users = la base de données n'a pas encore d'utilisateurs : lancez d'abord `limes init`

## PAXLST conveyances (air, sea, road, rail) and warnings on one traveller
pax-conveyance = Moyen de transport
pax-mode-air = Aérien
pax-mode-sea = Maritime
pax-mode-road = Routier
pax-mode-rail = Ferroviaire
pax-vessel = navire { $name }
pax-imo = OMI { $number }
pax-registration = immatriculation { $registration }
pax-traveller-warning = Avertissement : { $warning }
## Evasion: how a name is written (hidden characters, reversed text, look-alike letters)

evasion-hidden-characters = caractères invisibles dans le nom : { $detail }
evasion-bidi-override = le nom est écrit à l’envers dans un forçage de direction
evasion-mixed-scripts = le nom mêle des lettres semblables de plusieurs écritures : { $detail }
evasion-mixed-numbers = le nom mêle des chiffres de plusieurs systèmes de numération
evasion-stacked-marks = { $detail } signes diacritiques empilés retirés du nom
evasion-problem = { $field } : { $finding }
evasion-action = Vérifiez les points ci-dessous avant de décider
evasion-reason = Écriture du nom : { $detail }
evasion-name-as-written = Nom tel qu’écrit (caractères invisibles affichés)
## Accounts: machine accounts, API tokens, sign-in limits

role-sender = Émetteur PAXLST (compte machine)
role-gate = Sas automatique ou borne (compte machine)
cli-token-created = jeton { $id } créé, valable jusqu’au { $expires } UTC ; le jeton suit (affiché une seule fois)
cli-token-revoked = jeton { $id } révoqué
cli-data-dir-open = le répertoire de données { $dir } peut être lu ou modifié par d’autres (mode { $mode }) ; il contient des données personnelles et des clés. Lancez `chmod 700 { $dir }` (avec l’utilisateur qui exécute Limes) puis redémarrez
## audit anchoring
audit-anchored-through = Les entrées jusqu'à { $seq } correspondent au dernier point de contrôle signé.
audit-no-checkpoint = Aucun point de contrôle signé : rien n'est ancré.
audit-unanchored = Les entrées { $range } suivent le dernier point de contrôle signé (non ancrées : chaînées, pas encore prouvées).
audit-chain-tampered = La piste d'audit a été modifiée, tronquée ou réécrite :
audit-filter-from = Du
audit-filter-to = Au
audit-filter-apply = Filtrer
audit-export-csv = Exporter en CSV
audit-next-page = Entrées plus anciennes
cli-audit-anchored = ancrée par le point de contrôle signé le { $at } : entrées jusqu'à { $seq }
cli-audit-unanchored = les entrées { $first }..{ $last } suivent le dernier point de contrôle signé (non ancrées : chaînées, pas encore prouvées)
cli-audit-tampered = piste d'audit modifiée, tronquée ou réécrite
cli-audit-public-key = clé publique d'audit : { $key }
## officer : le contrôle et la décision
status-pending_override = en attente de confirmation de la dérogation
status-abandoned = abandonné
status-superseded = remplacé par une nouvelle lecture
officer-status-pending-override = Admission par dérogation, en attente d’une seconde personne
officer-override-waiting = Admission par dérogation de { $who } : en attente de confirmation par un superviseur ou la seconde ligne
officer-override-confirmed = Admis par dérogation par { $who }, confirmé par { $confirmer }
officer-override-admitted = Admis par dérogation par { $who }
officer-override-overruled = Dérogation de { $who } non confirmée : décidé autrement
officer-confirmed-at = confirmé le { $time }
officer-override-code-not_the_person = Pas la personne inscrite : identité établie
officer-override-code-no_longer_applies = L’inscription ou le signalement ne s’applique plus
officer-override-code-authorised = Entrée autorisée par une autorité compétente
officer-override-code-cleared_by_examination = Levé après examen en seconde ligne
officer-override-code-other = Autre motif (précisé)
officer-closed-abandoned = Contrôle abandonné sans décision : pas un franchissement
officer-closed-superseded = Contrôle remplacé par une nouvelle lecture : pas un franchissement
officer-confirm-heading = Quatre yeux : confirmer ou infirmer l’admission par dérogation
officer-confirm-override = Confirmer la dérogation (admettre)
officer-own-override = Vous avez fait cette dérogation : un autre superviseur ou agent de seconde ligne doit la confirmer.
officer-shortcuts = Touches : A admettre · R orienter · P protection · O motif de dérogation · F motif de refus · C confirmer · X abandonner
officer-allow-exit = Autoriser la sortie
officer-stop-exit = Empêcher la sortie
officer-exit-stop-reason = Motif d’empêchement de sortie
officer-override-rule = Admettre malgré le résultat ci-dessus exige un code et votre motif.
officer-override-critical-rule = Résultat critique : admettre exige un code, votre motif et la confirmation d’un superviseur ou de la seconde ligne (quatre yeux).
officer-override-code-label = Pourquoi le résultat n’arrête pas ce voyageur
officer-override-reason-label = Votre motif
officer-admit-override = Admettre par dérogation
officer-allow-exit-override = Autoriser la sortie par dérogation
officer-abandon = Abandonner le contrôle (pas de franchissement)
officer-waiting = Attente
officer-waited-minutes = { $minutes } min
## Need-to-know, history search and stay

history-from = Du
history-to = Au
history-all-my-bcps = Tous mes points de passage
history-any-outcome = Toute décision
history-user = Agent (identifiant)
history-page = Page { $page }.
history-export = Exporter en CSV
history-previous = Page précédente
history-next = Page suivante
history-purpose-needed = Indiquez la finalité de la recherche, par ex. « contrôle de deuxième ligne ».
## federation
federation-link-problem = Liaison NATS de ce nœud : { $problem }
cli-audit-checkpoint = point de contrôle d'audit signé à l'entrée { $seq }
cli-audit-checkpoint-none = le dernier point de contrôle signe déjà la tête de la chaîne
officer-hit-traveller = Voyageur
officer-hit-listed = Personne inscrite
officer-hit-match = Correspondance
officer-hit-kind-exact = exacte
officer-hit-kind-variant = variante du nom
officer-hit-kind-transliteration = translittération
officer-hit-kind-typo = orthographe proche (faute de frappe)
officer-hit-unmatched = sans correspondance
officer-hit-name-score = Pourquoi ce score : les parties du nom correspondent à { $percent } %
officer-hit-qualifier-birth_date = date de naissance
officer-hit-qualifier-nationality = nationalité
officer-hit-qualifier-gender = sexe
officer-hit-qualifier-document = document
officer-hit-qualifier-commonness = fréquence du nom
officer-hit-raw = Détail brut
title-overstayers = Dépassements de séjour
nav-overstayers = Dépassements de séjour
overstay-heading = Voyageurs ayant dépassé la durée de séjour autorisée
overstay-none = Aucun voyageur n'a dépassé la durée de séjour autorisée.
overstay-days-over = Jours de dépassement
overstay-days-used = Jours utilisés
overstay-used-of = { $used } sur { $max }
overstay-last-crossing = Dernier passage
overstay-still-in = Encore présent
overstay-yes = oui
overstay-no = non (sorti)

## vehicles
cli-vehicles-imported = { $count } signalements de véhicules volés importés
cli-vehicles-replaced = { $count } signalements de véhicules volés importés (registre remplacé)
title-vehicle-check = Contrôle de véhicule
nav-vehicles = Véhicules
vehicle-heading = Contrôle de véhicule
vehicle-plate = Immatriculation
vehicle-country = Pays d’immatriculation
vehicle-vin = VIN
vehicle-make = Marque
vehicle-model = Modèle
vehicle-category = Catégorie
vehicle-category-car = voiture
vehicle-category-van = fourgon
vehicle-category-truck = camion
vehicle-category-trailer = remorque
vehicle-category-bus = autocar
vehicle-category-motorcycle = moto
vehicle-direction = Sens
vehicle-driver = Conducteur (n° de contrôle)
vehicle-passengers = Passagers (n° de contrôle)
vehicle-declarations = Déclarations transportées
vehicle-bcp = PPF
vehicle-check = Contrôler le véhicule
vehicle-verdict-clear = RAS : rien trouvé
vehicle-verdict-inspect = À inspecter : regarder de plus près
vehicle-verdict-stop = Arrêt : véhicule signalé volé, l’agent décide
vehicle-region-africa = Afrique
vehicle-region-asia = Asie
vehicle-region-europe = Europe
vehicle-region-north_america = Amérique du Nord
vehicle-region-oceania = Océanie
vehicle-region-south_america = Amérique du Sud
vehicle-vin-check-valid = chiffre de contrôle correct
vehicle-vin-check-wrong = chiffre de contrôle FAUX : VIN mal lu ou altéré
vehicle-vin-check-not-checked = chiffre de contrôle non vérifié (non utilisé dans cette région)
vehicle-vin-malformed = VIN non valide
vehicle-no-hits = Absent du registre des véhicules volés.
vehicle-alert = Signalement
vehicle-match = Correspondance
vehicle-match-vin = VIN
vehicle-match-plate = immatriculation et pays
vehicle-match-plate_lookalike = immatriculation ressemblante (O/0, I/1) : lecture douteuse possible
vehicle-vehicle = Véhicule
vehicle-stolen-on = Volé le
vehicle-authority = Signalé par
vehicle-history = Cette immatriculation à ce PPF
vehicle-no-history = Aucun passage antérieur ici.
