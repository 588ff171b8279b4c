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

## goods
nav-goods-declarations = Déclarations
nav-goods-inspections = Contrôles
role-customs_officer = Agent des douanes
role-agency_officer = Agent d'une administration partenaire
role-declarant = Déclarant de marchandises (compte machine)
role-patrol_officer = Agent de patrouille
role-hotline_handler = Gestionnaire de la ligne d’alerte
role-internal_affairs = Inspection interne
goods-declarations-heading = Déclarations de marchandises
goods-declarations-none = Aucune déclaration pour l'instant.
goods-reference = Référence
goods-bcp = PPF
goods-lodged = Déposée
goods-items = Articles
goods-lane = Circuit
goods-status = Statut
goods-lane-red = rouge (contrôle physique)
goods-lane-yellow = jaune (documents)
goods-lane-green = vert (mainlevée)
goods-lane-blue = bleu (contrôle a posteriori)
goods-status-under_review = en cours d'examen
goods-status-held = retenue
goods-status-released = mainlevée accordée
goods-status-refused = refusée
goods-status-invalidated = invalidée
goods-declaration-heading = Déclaration { $reference }
goods-type = Type
goods-version = Version
goods-transport = Transport
goods-reason-rule = Règle
goods-reason-random = Sélection aléatoire
goods-reason-every_nth = Une sur N
goods-reason-total = Contrôle systématique
goods-parties = Parties
goods-party-declarant = Déclarant
goods-party-exporter = Exportateur
goods-party-importer = Importateur
goods-party-consignor = Expéditeur
goods-party-consignee = Destinataire
goods-party-carrier = Transporteur
goods-code = Code marchandise
goods-description = Désignation
goods-origin = Origine
goods-mass = Masse brute (kg)
goods-procedure = Régime
goods-agencies = Administrations
goods-verdict-pending = à décider
goods-verdict-released = mainlevée
goods-verdict-held = retenue
goods-verdict-refused = refus
goods-decide-for = Décision pour { $agency } :
goods-reason-label = Motif (pour retenir ou refuser)
goods-release = Accorder la mainlevée
goods-hold = Retenir
goods-refuse = Refuser
goods-inspections-heading = Contrôles
goods-found = Découverte
goods-not-found = Rien trouvé
goods-inspection-open = en attente du résultat
goods-history = Historique
goods-function-original = déposée
goods-function-amendment = rectifiée
goods-function-invalidation = invalidée
goods-queue-heading = File des contrôles
goods-queue-none = Aucun envoi n'attend de contrôle.
goods-containers = Conteneurs et scellés
goods-reasons = Motifs
goods-inspection-heading = Contrôle de { $reference }
goods-open-declaration = la déclaration
goods-to-verify = À vérifier
goods-seals = Scellés
goods-open-seizure = Ouvrir le procès-verbal de saisie
goods-result = Résultat
goods-what = Ce qui a été trouvé
goods-where = Où
goods-seals-intact = intacts
goods-seals-broken = rompus ou absents
goods-note = Note
goods-record-result = Enregistrer le résultat
## admin and second-line examination
title-examination = Examen
title-edit-user = Modifier l’utilisateur
title-password-reset = Réinitialisation du mot de passe
admin-edit = Modifier
admin-error-field = Champ { $field }
admin-error-self-deactivation = Vous ne pouvez pas désactiver votre propre compte.
admin-error-self-demotion = Vous ne pouvez pas retirer le rôle d’administrateur de votre propre compte.
admin-error-last-administrator = L’installation n’aurait plus aucun administrateur actif.
admin-error-role-kind = Le compte d’une personne ne peut pas devenir un compte machine, ni l’inverse.
admin-error-username = Nom d’utilisateur : 2 à 64 caractères : a-z, 0-9, point, tiret ou tiret bas.
admin-error-username-taken = Ce nom d’utilisateur existe déjà.
admin-error-display-name = Nom : 1 à 100 caractères.
admin-error-reset-code = Le code de réinitialisation est inconnu, déjà utilisé ou expiré ; demandez-en un nouveau à un administrateur.
user-edit-heading = Modifier l’utilisateur { $username }
user-edit-back = Retour à l’administration
user-edit-language = Langue
user-edit-language-default = Langue de l’installation
user-edit-bcps = Points de passage frontaliers
user-edit-bcps-hint = Aucun coché : tous les points de passage.
user-edit-self-note = C’est votre propre compte : vous ne pouvez ni le désactiver ni retirer votre rôle d’administrateur.
user-edit-save = Enregistrer l’utilisateur
user-reset-heading = Réinitialisation du mot de passe
user-reset-explain = Émettre un code à usage unique que l’utilisateur saisit avec un nouveau mot de passe. Le mot de passe actuel reste valable jusque-là ; le code sert une fois, pendant 24 heures.
user-reset-issue = Émettre un code de réinitialisation
user-reset-issued-heading = Code de réinitialisation pour { $username }
user-reset-issued-once = Ce code n’est affiché qu’une fois. Remettez-le à l’utilisateur en personne ou par un canal de confiance.
user-reset-issued-code = Code :
user-reset-issued-where = L’utilisateur ouvre { $path } et saisit le code avec un nouveau mot de passe.
user-reset-issued-until = Valable jusqu’au { $time }.
reset-heading = Définir un nouveau mot de passe
reset-explain = Saisissez le code remis par votre administrateur et choisissez un nouveau mot de passe.
reset-code = Code de réinitialisation
reset-new-password = Nouveau mot de passe
reset-confirm = Confirmer le nouveau mot de passe
reset-submit = Définir le mot de passe
reset-done = Votre mot de passe est défini ; vos autres sessions sont fermées.
reset-sign-in = Se connecter
reset-error-mismatch = Les deux mots de passe diffèrent.
exam-heading = Examen de deuxième ligne
exam-referred-by = Orienté par { $officer }
exam-back-to-crossing = Retour au contrôle
exam-record-heading = Consigner un examen
exam-record-link = Consigner l’examen
exam-list-heading = Examens
exam-none = Aucun examen consigné.
exam-interview-notes = Notes d’entretien
exam-documents = Documents examinés
exam-document = Document
exam-methods = Comment :
exam-finding = Constat
exam-outcome = Issue
exam-refusal-reasons = Motifs de refus
exam-police-unit = Remis à l’unité de police
exam-police-officer = Policier
exam-further-checks = Vérifications complémentaires
exam-minutes = Minutes passées
exam-minutes-spent = { $minutes } min
exam-save = Enregistrer l’examen
exam-not-referred = Ce voyageur n’a pas été orienté vers la deuxième ligne.
exam-queue-examined = Examiné : { $outcome }
exam-method-uv = lumière UV
exam-method-ir = infrarouge
exam-method-magnification = loupe
exam-method-database = base de données
exam-finding-genuine = authentique
exam-finding-forged = falsifié
exam-finding-counterfeit = contrefait
exam-finding-fraudulently_obtained = obtenu frauduleusement
exam-finding-impostor = imposteur
exam-outcome-admitted = Admis
exam-outcome-refused = Refusé
exam-outcome-protection_request = Demande de protection internationale
exam-outcome-handed_to_police = Remis à la police
exam-outcome-further_checks = Vérifications complémentaires
## forms
forms-links-heading = Formulaires à imprimer
forms-link-refusal = Refus d'entrée (PDF)
forms-link-stamp = Données du cachet (PDF)
forms-link-protection = Remise après demande de protection (PDF)
forms-refusal-title = Refus d'entrée à la frontière
forms-refusal-basis = Formulaire type, règlement (UE) 2016/399 (code frontières Schengen), annexe V, partie B
forms-bcp = Point de passage frontalier
forms-date-time = Date et heure
forms-officer = Agent (nom et identifiant)
forms-refusal-person-intro = À ce point de passage frontalier, l'agent soussigné a contrôlé la personne suivante :
forms-surname = Nom
forms-given-names = Prénoms
forms-birth-date = Date de naissance
forms-sex = Sexe
forms-nationality = Nationalité
forms-document = Document de voyage (type, numéro, État de délivrance)
forms-unknown = inconnu
forms-refusal-reasons-intro = La personne a été informée que l'entrée lui est refusée en vertu de l'article 14 du règlement (UE) 2016/399 pour le ou les motifs cochés ci-dessous :
forms-reason-A = Pas de document de voyage valable
forms-reason-B = Document de voyage faux, falsifié ou contrefait
forms-reason-C = Pas de visa ou de titre de séjour valable
forms-reason-D = Visa ou titre de séjour faux, falsifié ou contrefait
forms-reason-E = Pas de documents justifiant l'objet et les conditions du séjour
forms-reason-F = A déjà séjourné 90 jours au cours d'une période de 180 jours
forms-reason-G = Pas de moyens de subsistance suffisants
forms-reason-H = Personne signalée aux fins de non-admission
forms-reason-I = Considérée comme une menace pour l'ordre public, la sécurité intérieure, la santé publique ou les relations internationales d'un ou de plusieurs États membres
forms-reason-J = Pas d'autorisation de voyage valable
forms-refusal-remedies = La personne peut former un recours contre ce refus d'entrée selon le droit national ; le recours ne suspend pas le refus. La personne peut aussi demander que le refus lui soit expliqué.
forms-refusal-copy = La personne reçoit une copie de ce formulaire. Délivré par { $state }.
forms-signature-person = Signature de la personne concernée
forms-signature-officer = Signature de l'agent responsable du contrôle
forms-footer = Dossier Limes { $reference }
forms-missing-glyphs = Certains caractères n'ont pas pu être imprimés (remplacés par ?) ; voir le dossier.
forms-stamp-title = Données du cachet d'entrée et de sortie
forms-direction = Sens
forms-direction-entry = Entrée
forms-direction-exit = Sortie
forms-mode = Mode de transport
forms-mode-land = Terre
forms-mode-air = Air
forms-mode-sea = Mer
forms-stamp-refused = Entrée refusée, motif(s)
forms-stamp-note = Le cachet ci-dessus montre ce qui est apposé dans le document de voyage à { $bcp }.
forms-stamp-cancelled-note = Entrée refusée : le cachet est annulé par une croix, les lettres des motifs inscrites à côté ({ $bcp }).
forms-protection-title = Demande de protection internationale : procès-verbal de remise
forms-protection-statement = La personne ci-dessous a demandé une protection internationale à { $bcp }. La demande est enregistrée comme telle : ce n'est pas un refus d'entrée. La personne est remise à l'autorité chargée d'examiner la demande.
forms-protection-requested-at = Demande faite le
forms-protection-authority = Remise à (autorité)
forms-protection-handed-at = Date et heure de la remise
forms-protection-receiver = Agent qui reçoit (nom, service)
forms-signature-handing-officer = Signature de l'agent qui remet
forms-signature-receiver = Signature de l'agent qui reçoit
forms-protection-person-copy = La personne reçoit une copie de ce procès-verbal.
## federation records
cli-audit-node-intact = nœud { $node } : chaîne d'audit reçue intacte, { $count } entrées vérifiées contre { $checkpoints } points de contrôle
cli-audit-node-anchored = signée par la clé enregistrée du nœud jusqu'à l'entrée { $seq }
cli-audit-node-tampered = nœud { $node } : journal d'audit tronqué, réécrit ou signé par une autre clé
cli-audit-nodes-tampered = { $count } nœud(s) dont le journal d'audit a été modifié
cli-audit-node-unknown = aucun nœud de PPF { $node } n'a envoyé d'enregistrements à ce centre
## login (sign-in delay, password rule, imports)
login-wrong = Nom d’utilisateur ou mot de passe incorrect.
login-throttled = Trop de connexions échouées depuis ce poste. Réessayez dans { $seconds } secondes.
login-not-assigned = Vous n’êtes pas affecté au PPF { $bcp }.
## enrolment: the organisation comes down from the centre
org-administered-centrally = Ce nœud de point de passage reçoit ses utilisateurs, points de passage et jetons d’API du centre national : faites les modifications là-bas.
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

## registers
cli-documents-changed = Fichier de modifications appliqué : { $added } signalements de documents ajoutés, { $removed } retirés ; le registre est à la version { $version }
