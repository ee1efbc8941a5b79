//! Messages for error codes and mandate names. Dutch is the default language; the other
//! portal languages are complete for messages so that a later language switch only has to
//! choose the language (see docs/decisions.md).

use domain::Mandate;

pub const DEFAULT_LANG: &str = "nl";

/// The message for a stable error code, in `lang` (Dutch when unknown).
pub fn message(code: &str, lang: &str) -> String {
    let (nl, fr, de, en) = match code {
        "national_number.empty" => ("Vul een rijksregisternummer in.", "Indiquez un numéro NISS.", "Geben Sie eine Nationalregisternummer ein.", "Enter a national register number."),
        "national_number.invalid_character" => ("Een rijksregisternummer bevat alleen cijfers (punten, streepjes en spaties mogen).", "Un numéro NISS ne contient que des chiffres (points, tirets et espaces admis).", "Eine Nationalregisternummer enthält nur Ziffern (Punkte, Bindestriche und Leerzeichen erlaubt).", "A national register number contains only digits (dots, dashes and spaces allowed)."),
        "national_number.wrong_length" => ("Een rijksregisternummer telt 11 cijfers.", "Un numéro NISS compte 11 chiffres.", "Eine Nationalregisternummer hat 11 Ziffern.", "A national register number has 11 digits."),
        "national_number.invalid_date" => ("De geboortedatum in dit rijksregisternummer bestaat niet.", "La date de naissance de ce numéro NISS n'existe pas.", "Das Geburtsdatum in dieser Nummer existiert nicht.", "The birth date in this number does not exist."),
        "national_number.checksum" => ("Dit rijksregisternummer klopt niet: controleer de laatste twee cijfers.", "Ce numéro NISS n'est pas valable : vérifiez les deux derniers chiffres.", "Diese Nummer ist ungültig: prüfen Sie die letzten zwei Ziffern.", "This number is not valid: check the last two digits."),
        "rule.not_manager_of_group" => ("U beheert deze groep niet.", "Vous ne gérez pas ce groupe.", "Sie verwalten diese Gruppe nicht.", "You do not manage this group."),
        "rule.not_manager_of_every_group" => ("U beheert niet alle groepen van deze gebruiker; blokkeer of deblokkeer per groep.", "Vous ne gérez pas tous les groupes de cet utilisateur ; agissez par groupe.", "Sie verwalten nicht alle Gruppen dieses Benutzers; handeln Sie pro Gruppe.", "You do not manage every group of this user; act per group."),
        "rule.not_in_staff_register" => ("Deze persoon staat niet in het personeelsregister van de onderneming.", "Cette personne ne figure pas dans le registre du personnel de l'entreprise.", "Diese Person steht nicht im Personalregister des Unternehmens.", "This person is not in the enterprise's staff register."),
        "rule.already_member" => ("Deze persoon is al gebruiker van deze groep.", "Cette personne est déjà utilisateur de ce groupe.", "Diese Person ist bereits Benutzer dieser Gruppe.", "This person is already a user of this group."),
        "rule.not_member" => ("Deze persoon is geen gebruiker van deze groep.", "Cette personne n'est pas utilisateur de ce groupe.", "Diese Person ist kein Benutzer dieser Gruppe.", "This person is not a user of this group."),
        "rule.no_service_chosen" => ("Kies minstens één onlinedienst.", "Choisissez au moins un service en ligne.", "Wählen Sie mindestens einen Online-Dienst.", "Choose at least one online service."),
        "rule.service_not_in_group" => ("Die onlinedienst hoort niet bij deze groep.", "Ce service en ligne n'appartient pas à ce groupe.", "Dieser Online-Dienst gehört nicht zu dieser Gruppe.", "That online service is not part of this group."),
        "rule.main_access_manager_protected" => ("De Hoofdtoegangsbeheerder kan hier niet geblokkeerd of verwijderd worden.", "Le gestionnaire d'accès principal ne peut pas être bloqué ou supprimé ici.", "Der Hauptzugangsverwalter kann hier nicht gesperrt oder gelöscht werden.", "The main access manager cannot be blocked or deleted here."),
        "rule.own_powers" => ("U kunt uw eigen bevoegdheden niet uitbreiden.", "Vous ne pouvez pas étendre vos propres droits.", "Sie können Ihre eigenen Befugnisse nicht erweitern.", "You cannot raise your own powers."),
        "rule.already_blocked" => ("Deze gebruiker is al geblokkeerd.", "Cet utilisateur est déjà bloqué.", "Dieser Benutzer ist bereits gesperrt.", "This user is already blocked."),
        "rule.not_blocked" => ("Deze gebruiker is niet geblokkeerd.", "Cet utilisateur n'est pas bloqué.", "Dieser Benutzer ist nicht gesperrt.", "This user is not blocked."),
        "rule.may_not_appoint" => ("U mag deze beheerder niet aanstellen of intrekken.", "Vous ne pouvez pas désigner ou révoquer ce gestionnaire.", "Sie dürfen diesen Verwalter nicht ernennen oder abberufen.", "You may not appoint or revoke this manager."),
        "rule.slot_taken" => ("Er is al een beheerder aangesteld; trek die eerst in.", "Un gestionnaire est déjà désigné ; révoquez-le d'abord.", "Es ist bereits ein Verwalter ernannt; berufen Sie ihn zuerst ab.", "A manager is already appointed; revoke them first."),
        "rule.scope_not_activated" => ("Dit domein of deze groep is niet geactiveerd voor uw onderneming.", "Ce domaine ou ce groupe n'est pas activé pour votre entreprise.", "Dieser Bereich oder diese Gruppe ist für Ihr Unternehmen nicht aktiviert.", "This domain or group is not activated for your enterprise."),
        "rule.already_appointed" => ("Deze persoon is al zo aangesteld.", "Cette personne est déjà désignée ainsi.", "Diese Person ist bereits so ernannt.", "This person already holds this mandate."),
        "rule.no_service_access" => ("U hebt geen toegang tot deze onlinedienst.", "Vous n'avez pas accès à ce service en ligne.", "Sie haben keinen Zugang zu diesem Online-Dienst.", "You have no access to this online service."),
        "contact.email_invalid" => ("Vul een geldig e-mailadres in, bijvoorbeeld info@onderneming.be.", "Indiquez une adresse e-mail valable, par exemple info@entreprise.be.", "Geben Sie eine gültige E-Mail-Adresse ein, z. B. info@unternehmen.be.", "Enter a valid e-mail address, e.g. info@company.be."),
        "contact.phone_invalid" => ("Vul een internationaal telefoonnummer in: + en landcode, bijvoorbeeld +32 2 123 45 67.", "Indiquez un numéro international : + et l'indicatif du pays, par exemple +32 2 123 45 67.", "Geben Sie eine internationale Nummer ein: + und Ländervorwahl, z. B. +32 2 123 45 67.", "Enter an international number: + and the country code, e.g. +32 2 123 45 67."),
        "contact.postal_code_invalid" => ("Een Belgische postcode telt vier cijfers, van 1000 tot 9999.", "Un code postal belge compte quatre chiffres, de 1000 à 9999.", "Eine belgische Postleitzahl hat vier Ziffern, von 1000 bis 9999.", "A Belgian postal code has four digits, 1000 to 9999."),
        "contact.required" => ("Dit veld is verplicht.", "Ce champ est obligatoire.", "Dieses Feld ist Pflicht.", "This field is required."),
        "contact.too_long" => ("Deze tekst is te lang.", "Ce texte est trop long.", "Dieser Text ist zu lang.", "This text is too long."),
        "chaman.credential_too_long" => ("Deze sleutel of dit certificaat is te lang (hoogstens 16 kB).", "Cette clé ou ce certificat est trop long (16 ko au plus).", "Dieser Schlüssel oder dieses Zertifikat ist zu lang (höchstens 16 kB).", "This key or certificate is too long (at most 16 kB)."),
        "chaman.weak_key" => ("Deze sleutel is te zwak: geen DSA, en RSA van minstens 2048 bits.", "Cette clé est trop faible : pas de DSA, et RSA d'au moins 2048 bits.", "Dieser Schlüssel ist zu schwach: kein DSA, und RSA mit mindestens 2048 Bit.", "This key is too weak: no DSA, and RSA of at least 2048 bits."),
        "chaman.too_many_channels" => ("Uw onderneming heeft het maximum aantal kanalen (50).", "Votre entreprise a le nombre maximal de canaux (50).", "Ihr Unternehmen hat die Höchstzahl an Kanälen (50).", "Your enterprise has the maximum number of channels (50)."),
        "chaman.kind_invalid" => ("Kies een type kanaal: FTP, SFTP, SOAP of REST.", "Choisissez un type de canal : FTP, SFTP, SOAP ou REST.", "Wählen Sie einen Kanaltyp: FTP, SFTP, SOAP oder REST.", "Choose a channel type: FTP, SFTP, SOAP or REST."),
        "chaman.environment_invalid" => ("Kies de test- of de productieomgeving.", "Choisissez l'environnement de test ou de production.", "Wählen Sie die Test- oder die Produktionsumgebung.", "Choose the test or the production environment."),
        "chaman.no_sender" => ("Maak eerst de afzender van uw onderneming aan.", "Créez d'abord l'expéditeur de votre entreprise.", "Legen Sie zuerst den Absender Ihres Unternehmens an.", "Create your enterprise's sender first."),
        "chaman.sender_exists" => ("Uw onderneming heeft al een afzender.", "Votre entreprise a déjà un expéditeur.", "Ihr Unternehmen hat bereits einen Absender.", "Your enterprise already has a sender."),
        "chaman.login_invalid" => ("Een FTP-login telt 3 tot 32 kleine letters, cijfers, punten, streepjes of liggende streepjes en begint met een letter.", "Un login FTP compte 3 à 32 minuscules, chiffres, points ou tirets et commence par une lettre.", "Ein FTP-Login hat 3 bis 32 Kleinbuchstaben, Ziffern, Punkte oder Striche und beginnt mit einem Buchstaben.", "An FTP login has 3 to 32 lower-case letters, digits, dots or dashes and starts with a letter."),
        "chaman.ssh_key_invalid" => ("Dit is geen publieke OpenSSH-sleutel (één regel zoals: ssh-ed25519 AAAA… commentaar).", "Ceci n'est pas une clé publique OpenSSH (une ligne comme : ssh-ed25519 AAAA… commentaire).", "Dies ist kein öffentlicher OpenSSH-Schlüssel (eine Zeile wie: ssh-ed25519 AAAA… Kommentar).", "This is not an OpenSSH public key (one line such as: ssh-ed25519 AAAA… comment)."),
        "chaman.certificate_invalid" => ("Dit is geen X.509-certificaat in PEM (-----BEGIN CERTIFICATE-----).", "Ceci n'est pas un certificat X.509 en PEM (-----BEGIN CERTIFICATE-----).", "Dies ist kein X.509-Zertifikat in PEM (-----BEGIN CERTIFICATE-----).", "This is not an X.509 certificate in PEM (-----BEGIN CERTIFICATE-----)."),
        "chaman.certificate_expired" => ("Dit certificaat is verlopen. Gebruik een geldig certificaat.", "Ce certificat a expiré. Utilisez un certificat valable.", "Dieses Zertifikat ist abgelaufen. Verwenden Sie ein gültiges Zertifikat.", "This certificate has expired. Use a valid certificate."),
        "chaman.certificate_not_yet_valid" => ("Dit certificaat is nog niet geldig.", "Ce certificat n'est pas encore valable.", "Dieses Zertifikat ist noch nicht gültig.", "This certificate is not valid yet."),
        "chaman.public_key_invalid" => ("Geef een publieke sleutel (-----BEGIN PUBLIC KEY-----) of een certificaat in PEM.", "Indiquez une clé publique (-----BEGIN PUBLIC KEY-----) ou un certificat en PEM.", "Geben Sie einen öffentlichen Schlüssel (-----BEGIN PUBLIC KEY-----) oder ein Zertifikat in PEM an.", "Give a public key (-----BEGIN PUBLIC KEY-----) or a certificate in PEM."),
        "chaman.channel_not_found" => ("Dit kanaal bestaat niet.", "Ce canal n'existe pas.", "Dieser Kanal existiert nicht.", "This channel does not exist."),
        "chaman.already_active" => ("Dit kanaal is al actief.", "Ce canal est déjà actif.", "Dieser Kanal ist bereits aktiv.", "This channel is already active."),
        "chaman.already_inactive" => ("Dit kanaal is al niet actief.", "Ce canal est déjà inactif.", "Dieser Kanal ist bereits inaktiv.", "This channel is already inactive."),
        "ebox.unknown_type" => ("Onbekende soort document.", "Type de document inconnu.", "Unbekannte Dokumentart.", "Unknown document type."),
        "ebox.unknown_service" => ("Onbekende onlinedienst.", "Service en ligne inconnu.", "Unbekannter Online-Dienst.", "Unknown online service."),
        "ebox.no_sender" => ("De afzender ontbreekt.", "L'expéditeur manque.", "Der Absender fehlt.", "The sender is missing."),
        "ebox.title" => ("Een titel is verplicht (hoogstens 200 tekens).", "Un titre est obligatoire (200 caractères au plus).", "Ein Titel ist Pflicht (höchstens 200 Zeichen).", "A title is required (at most 200 characters)."),
        "ebox.body_too_long" => ("De tekst is te lang.", "Le texte est trop long.", "Der Text ist zu lang.", "The text is too long."),
        "ebox.attachment_name" => ("Een bijlage heeft een gewone bestandsnaam nodig.", "Une pièce jointe a besoin d'un nom de fichier simple.", "Ein Anhang braucht einen einfachen Dateinamen.", "An attachment needs a plain file name."),
        "ebox.attachment_size" => ("Een bijlage is leeg of groter dan 5 MB, of er zijn er meer dan tien.", "Une pièce jointe est vide ou dépasse 5 Mo, ou il y en a plus de dix.", "Ein Anhang ist leer oder größer als 5 MB, oder es sind mehr als zehn.", "An attachment is empty or larger than 5 MB, or there are more than ten."),
        "ebox.attachment_type" => ("Dit soort bijlage levert de e-Box niet.", "L'e-Box ne livre pas ce type de pièce jointe.", "Diese Art Anhang liefert die e-Box nicht.", "The e-Box does not deliver this kind of attachment."),
        "ebox.date" => ("Vul een datum in als JJJJ-MM-DD.", "Indiquez une date au format AAAA-MM-JJ.", "Geben Sie ein Datum als JJJJ-MM-TT ein.", "Enter a date as YYYY-MM-DD."),
        "ebox.not_a_task" => ("Dit document is geen taak.", "Ce document n'est pas une tâche.", "Dieses Dokument ist keine Aufgabe.", "This document is not a task."),
        "ebox.already_done" => ("Deze taak is al afgerond.", "Cette tâche est déjà terminée.", "Diese Aufgabe ist bereits erledigt.", "This task is done already."),
        "ebox.not_found" => ("Dit document bestaat niet (meer) in uw e-Box.", "Ce document n'existe pas (plus) dans votre e-Box.", "Dieses Dokument gibt es (nicht mehr) in Ihrer e-Box.", "This document does not exist (any more) in your e-Box."),
        "auth.required" => ("Meld u aan om verder te gaan.", "Connectez-vous pour continuer.", "Melden Sie sich an, um fortzufahren.", "Sign in to continue."),
        "auth.no_enterprise" => ("U bent voor geen enkele onderneming gekend in Toegangsbeheer.", "Vous n'êtes connu pour aucune entreprise dans la Gestion des accès.", "Sie sind für kein Unternehmen in der Zugangsverwaltung bekannt.", "You are not known for any enterprise in Access management."),
        "auth.no_pending_sign_in" => ("Er is geen aanmelding bezig. Meld u opnieuw aan.", "Aucune connexion n'est en cours. Reconnectez-vous.", "Es läuft keine Anmeldung. Melden Sie sich erneut an.", "No sign-in is under way. Please sign in again."),
        "auth.invalid_credentials" => ("Gebruikersnaam, wachtwoord of code is niet juist.", "Le nom d'utilisateur, le mot de passe ou le code est incorrect.", "Benutzername, Passwort oder Code ist nicht korrekt.", "Username, password or code is not correct."),
        "auth.wait" => ("Te veel mislukte pogingen. Wacht even en probeer dan opnieuw.", "Trop de tentatives échouées. Patientez un instant puis réessayez.", "Zu viele Fehlversuche. Warten Sie kurz und versuchen Sie es erneut.", "Too many failed attempts. Wait a moment, then try again."),
        "auth.locked" => ("Te veel mislukte pogingen: aanmelden is een tijd geblokkeerd (15 minuten, en telkens langer).", "Trop de tentatives échouées : la connexion est bloquée pour un temps (15 minutes, puis chaque fois plus longtemps).", "Zu viele Fehlversuche: die Anmeldung ist eine Zeit lang gesperrt (15 Minuten, dann jedes Mal länger).", "Too many failed attempts: sign-in is locked for a while (15 minutes, longer each time)."),
        "auth.stopped" => ("Te veel mislukte pogingen: aanmelden met deze gebruikersnaam is gestopt. Vraag de beheerder van het portaal om een nieuw tijdelijk wachtwoord.", "Trop de tentatives échouées : la connexion avec ce nom d'utilisateur est arrêtée. Demandez un nouveau mot de passe temporaire à l'administrateur du portail.", "Zu viele Fehlversuche: die Anmeldung mit diesem Benutzernamen ist gestoppt. Bitten Sie den Betreiber des Portals um ein neues vorläufiges Passwort.", "Too many failed attempts: sign-in with this username has stopped. Ask the portal's operator for a new temporary password."),
        "auth.address_busy" => ("Te veel aanmeldpogingen vanaf dit adres. Wacht een minuut en probeer dan opnieuw.", "Trop de tentatives de connexion depuis cette adresse. Patientez une minute puis réessayez.", "Zu viele Anmeldeversuche von dieser Adresse. Warten Sie eine Minute und versuchen Sie es erneut.", "Too many sign-in attempts from this address. Wait a minute, then try again."),
        "rule.chaman_grant_needs_access_manager" => ("Alleen een toegangsbeheerder (of hoger) kent Chaman toe.", "Seul un gestionnaire d'accès (ou supérieur) attribue Chaman.", "Nur ein Zugangsverwalter (oder höher) vergibt Chaman.", "Only an access manager (or above) grants Chaman."),
        "rule.notification_address_needs_manager" => ("Alleen beheerders wijzigen het adres dat de meldingen van de e-Box ontvangt.", "Seuls les gestionnaires modifient l'adresse qui reçoit les notifications de l'e-Box.", "Nur Verwalter ändern die Adresse, die die Benachrichtigungen der e-Box erhält.", "Only managers change the address that receives the e-Box notifications."),
        "request.other_enterprise" => ("Dit formulier hoort bij een andere onderneming dan die waarvoor u nu handelt. Er werd niets gewijzigd; laad de pagina opnieuw.", "Ce formulaire appartient à une autre entreprise que celle pour laquelle vous agissez maintenant. Rien n'a été modifié ; rechargez la page.", "Dieses Formular gehört zu einem anderen Unternehmen als dem, für das Sie jetzt handeln. Nichts wurde geändert; laden Sie die Seite neu.", "This form belongs to another enterprise than the one you now act for. Nothing was changed; reload the page."),
        "request.queued" => ("Geen verbinding met de server: de wijziging wacht en wordt verstuurd zodra de verbinding terug is.", "Pas de connexion au serveur : la modification attend et sera envoyée dès le retour de la connexion.", "Keine Verbindung zum Server: die Änderung wartet und wird gesendet, sobald die Verbindung zurück ist.", "No connection to the server: the change waits and is sent as soon as the connection is back."),
        "request.other_owner" => ("Deze wijziging werd gemaakt door een andere persoon of voor een andere onderneming dan waarvoor u nu bent aangemeld; ze werd niet toegepast.", "Cette modification a été faite par une autre personne ou pour une autre entreprise que celle de votre session ; elle n'a pas été appliquée.", "Diese Änderung wurde von einer anderen Person oder für ein anderes Unternehmen gemacht; sie wurde nicht angewendet.", "This change was made by another person or for another enterprise than your session's; it was not applied."),
        "request.too_many_refusals" => ("Te veel geweigerde verzoeken. Probeer het over enkele minuten opnieuw.", "Trop de demandes refusées. Réessayez dans quelques minutes.", "Zu viele abgelehnte Anfragen. Versuchen Sie es in einigen Minuten erneut.", "Too many refused requests. Try again in a few minutes."),
        "auth.temporary_password_expired" => ("Uw tijdelijk wachtwoord is verlopen (30 dagen). Vraag een nieuw aan bij de registratiedienst.", "Votre mot de passe temporaire a expiré (30 jours). Demandez-en un nouveau au service d'enregistrement.", "Ihr vorläufiges Passwort ist abgelaufen (30 Tage). Fordern Sie beim Registrierungsdienst ein neues an.", "Your temporary password has expired (30 days). Ask the registration service for a new one."),
        "auth.code_reused" => ("Deze code werd al gebruikt. Wacht op de volgende code van uw app.", "Ce code a déjà été utilisé. Attendez le code suivant de votre application.", "Dieser Code wurde bereits verwendet. Warten Sie auf den nächsten Code Ihrer App.", "This code was used already. Wait for your app's next code."),
        "auth.oidc_failed" => ("Aanmelden via de identiteitsdienst is mislukt. Probeer opnieuw.", "La connexion via le service d'identité a échoué. Réessayez.", "Die Anmeldung über den Identitätsdienst ist fehlgeschlagen. Versuchen Sie es erneut.", "Signing in through the identity service failed. Please try again."),
        "auth.oidc_cancelled" => ("De aanmelding werd afgebroken bij de identiteitsdienst.", "La connexion a été interrompue auprès du service d'identité.", "Die Anmeldung wurde beim Identitätsdienst abgebrochen.", "The sign-in was cancelled at the identity service."),
        "auth.oidc_no_national_number" => ("De identiteitsdienst gaf geen geldig rijksregisternummer door.", "Le service d'identité n'a pas transmis de numéro NISS valable.", "Der Identitätsdienst hat keine gültige Nationalregisternummer übermittelt.", "The identity service did not pass on a valid national register number."),
        "password.too_short" => ("Een wachtwoord telt minstens 12 tekens.", "Un mot de passe compte au moins 12 caractères.", "Ein Passwort hat mindestens 12 Zeichen.", "A password has at least 12 characters."),
        "password.too_long" => ("Een wachtwoord telt hoogstens 256 tekens.", "Un mot de passe compte au plus 256 caractères.", "Ein Passwort hat höchstens 256 Zeichen.", "A password has at most 256 characters."),
        "auth.password_changed" => ("Uw wachtwoord is gewijzigd. Meld u aan met uw nieuwe wachtwoord en de code uit uw app.", "Votre mot de passe a été modifié. Connectez-vous avec le nouveau mot de passe et le code de votre application.", "Ihr Passwort wurde geändert. Melden Sie sich mit dem neuen Passwort und dem Code Ihrer App an.", "Your password was changed. Sign in with the new password and your app's code."),
        "password.mismatch" => ("De twee wachtwoorden verschillen.", "Les deux mots de passe diffèrent.", "Die beiden Passwörter unterscheiden sich.", "The two passwords differ."),
        "password.contains_username" => ("Het wachtwoord mag uw gebruikersnaam niet bevatten.", "Le mot de passe ne peut pas contenir votre nom d'utilisateur.", "Das Passwort darf Ihren Benutzernamen nicht enthalten.", "The password may not contain your username."),
        "password.unchanged" => ("Kies een ander wachtwoord dan het tijdelijke.", "Choisissez un autre mot de passe que le temporaire.", "Wählen Sie ein anderes Passwort als das vorläufige.", "Choose a password other than the temporary one."),
        "auth.not_active" => ("Het account van deze onderneming is nog niet actief: de Hoofdtoegangsbeheerder activeert het door zich een eerste keer aan te melden.", "Le compte de cette entreprise n'est pas encore actif : le gestionnaire d'accès principal l'active en se connectant une première fois.", "Das Konto dieses Unternehmens ist noch nicht aktiv: der Hauptzugangsverwalter aktiviert es bei seiner ersten Anmeldung.", "This enterprise's account is not active yet: the main access manager activates it by signing in for the first time."),
        "auth.demo_disabled" => ("De demo-aanmelding bestaat alleen in demomodus.", "La connexion de démonstration n'existe qu'en mode démo.", "Die Demo-Anmeldung gibt es nur im Demo-Modus.", "The demo sign-in exists only in demo mode."),
        "request.cross_origin" => ("Dit verzoek kwam niet van deze website en werd geweigerd.", "Cette demande ne venait pas de ce site et a été refusée.", "Diese Anfrage kam nicht von dieser Website und wurde abgelehnt.", "This request did not come from this site and was refused."),
        "request.malformed" => ("Het formulier was onvolledig. Probeer opnieuw.", "Le formulaire était incomplet. Réessayez.", "Das Formular war unvollständig. Versuchen Sie es erneut.", "The form was incomplete. Please try again."),
        "request.network" => ("De server is niet bereikbaar. Probeer opnieuw.", "Le serveur est injoignable. Réessayez.", "Der Server ist nicht erreichbar. Versuchen Sie es erneut.", "The server cannot be reached. Please try again."),
        "request.replayed" => ("Dit formulier werd al eens verstuurd met andere gegevens. Laad de pagina opnieuw en probeer nog eens.", "Ce formulaire a déjà été envoyé avec d'autres données. Rechargez la page et réessayez.", "Dieses Formular wurde bereits mit anderen Daten gesendet. Laden Sie die Seite neu und versuchen Sie es erneut.", "This form was already sent with other data. Reload the page and try again."),
        "not_found.group" => ("Deze groep bestaat niet in uw onderneming.", "Ce groupe n'existe pas dans votre entreprise.", "Diese Gruppe existiert in Ihrem Unternehmen nicht.", "This group does not exist in your enterprise."),
        "not_found.mandate" => ("Deze persoon heeft dit mandaat niet (meer).", "Cette personne n'a pas (plus) ce mandat.", "Diese Person hat dieses Mandat nicht (mehr).", "This person does not hold this mandate (any more)."),
        "not_found.user" => ("Deze gebruiker werd niet gevonden in de groepen die u beheert.", "Cet utilisateur est introuvable dans les groupes que vous gérez.", "Dieser Benutzer wurde in Ihren Gruppen nicht gefunden.", "This user was not found in the groups you manage."),
        _ => ("Er ging iets mis. Probeer later opnieuw.", "Une erreur s'est produite. Réessayez plus tard.", "Etwas ist schiefgelaufen. Versuchen Sie es später erneut.", "Something went wrong. Please try again later."),
    };
    match lang {
        "fr" => fr,
        "de" => de,
        "en" => en,
        _ => nl,
    }
    .to_owned()
}

/// The official name of a mandate (glossary of DESIGN.md §1), in Dutch.
pub fn mandate_label(m: &Mandate) -> String {
    let cat = domain::Catalogue::get();
    match m {
        Mandate::MainAccessManager => "Hoofdtoegangsbeheerder".to_owned(),
        Mandate::CoMainAccessManager => "co-Hoofdtoegangsbeheerder".to_owned(),
        Mandate::AccessManager(d) => format!(
            "Toegangsbeheerder {}",
            cat.domain(d).map(|d| d.name.get(DEFAULT_LANG)).unwrap_or(d)
        ),
        Mandate::GroupManager(g) => format!(
            "Groepsbeheerder {}",
            cat.role(g).map(|r| r.name.get(DEFAULT_LANG)).unwrap_or(g)
        ),
    }
}

/// The name of a group (role) in Dutch, or its code.
pub fn group_name(code: &str) -> String {
    domain::Catalogue::get()
        .role(code)
        .map(|r| r.name.get(DEFAULT_LANG).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The outcome of blocking, unblocking or deleting, in the seed's words, naming the
/// person and the group ("Emma Lambert is geblokkeerd voor de groep Werkgever."); `group`
/// `None` for all groups at once.
pub fn outcome(change: &str, name: &str, group: Option<&str>) -> String {
    let name = if name.is_empty() { "De gebruiker" } else { name };
    let group = group.map(group_name);
    match (change, group) {
        ("Block", None) => format!("{name} is geblokkeerd voor alle groepen."),
        ("Unblock", None) => format!("{name} is gedeblokkeerd voor alle groepen."),
        ("Block", Some(g)) => format!("{name} is geblokkeerd voor de groep {g}."),
        ("Unblock", Some(g)) => format!("{name} is gedeblokkeerd voor de groep {g}."),
        (_, Some(g)) => format!("{name} is nu verwijderd uit de groep {g}."),
        (_, None) => format!("{name} is gewijzigd."),
    }
}

/// A number with its noun in the right form: "1 dag", "2 dagen", "0 documenten".
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The name of a domain in Dutch, or its code.
pub fn domain_name(code: &str) -> String {
    domain::Catalogue::get()
        .domain(code)
        .map(|d| d.name.get(DEFAULT_LANG).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The name of an online service in Dutch, or its code.
pub fn service_name(code: &str) -> String {
    domain::Catalogue::get()
        .service_name(code, DEFAULT_LANG)
        .to_owned()
}

/// A national number in the official display format (`85.07.30-033.28`), or as given.
pub fn format_national_number(digits: &str) -> String {
    domain::NationalNumber::parse(digits)
        .map(|n| n.to_string())
        .unwrap_or_else(|_| digits.to_owned())
}

/// The names of services, comma-separated, in Dutch.
pub fn service_names(codes: &[String]) -> String {
    codes
        .iter()
        .map(|s| service_name(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The label of an enterprise status.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "registered" => "geregistreerd",
        "active" => "actief",
        "closed" => "afgesloten",
        _ => "onbekend",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::signin::SignInError;

    /// Every sign-in error of `domain`.
    const SIGN_IN_ERRORS: [SignInError; 12] = [
        SignInError::Stopped,
        SignInError::AddressBusy,
        SignInError::PasswordTooLong,
        SignInError::InvalidCredentials,
        SignInError::Wait { seconds: 1 },
        SignInError::Locked { seconds: 1 },
        SignInError::TemporaryPasswordExpired,
        SignInError::CodeReused,
        SignInError::PasswordTooShort,
        SignInError::PasswordMismatch,
        SignInError::PasswordContainsUsername,
        SignInError::PasswordUnchanged,
    ];

    #[test]
    fn every_rule_code_has_its_own_dutch_message() {
        let fallback = message("no.such.code", "nl");
        for code in [
            "rule.not_manager_of_group",
            "rule.not_manager_of_every_group",
            "rule.not_in_staff_register",
            "rule.already_member",
            "rule.not_member",
            "rule.no_service_chosen",
            "rule.service_not_in_group",
            "rule.main_access_manager_protected",
            "rule.own_powers",
            "rule.already_blocked",
            "rule.not_blocked",
            "rule.may_not_appoint",
            "rule.slot_taken",
            "rule.scope_not_activated",
            "rule.already_appointed",
            "rule.no_service_access",
            "rule.chaman_grant_needs_access_manager",
            "rule.notification_address_needs_manager",
            "request.other_enterprise",
            "request.too_many_refusals",
            "request.queued",
            "request.other_owner",
            "contact.email_invalid",
            "contact.phone_invalid",
            "contact.postal_code_invalid",
            "contact.required",
            "contact.too_long",
            "ebox.unknown_type",
            "ebox.unknown_service",
            "ebox.no_sender",
            "ebox.title",
            "ebox.body_too_long",
            "ebox.attachment_name",
            "ebox.attachment_size",
            "ebox.date",
            "ebox.attachment_type",
            "ebox.not_a_task",
            "ebox.already_done",
            "ebox.not_found",
            "chaman.credential_too_long",
            "chaman.weak_key",
            "chaman.too_many_channels",
            "chaman.kind_invalid",
            "chaman.environment_invalid",
            "chaman.no_sender",
            "chaman.sender_exists",
            "chaman.login_invalid",
            "chaman.ssh_key_invalid",
            "chaman.certificate_invalid",
            "chaman.certificate_expired",
            "chaman.certificate_not_yet_valid",
            "chaman.public_key_invalid",
            "chaman.channel_not_found",
            "chaman.already_active",
            "chaman.already_inactive",
            "auth.not_active",
            "national_number.empty",
            "national_number.invalid_character",
            "national_number.wrong_length",
            "national_number.invalid_date",
            "national_number.checksum",
            "auth.no_enterprise",
            "auth.no_pending_sign_in",
            "auth.oidc_failed",
            "auth.oidc_cancelled",
            "auth.oidc_no_national_number",
            "auth.password_changed",
        ]
        .into_iter()
        .chain(SIGN_IN_ERRORS.iter().map(|e| e.code()))
        {
            assert_ne!(message(code, "nl"), fallback, "{code}");
            assert_ne!(message(code, "nl"), message(code, "fr"), "{code}");
        }
    }

    #[test]
    fn counts_take_the_singular_for_one_only() {
        assert_eq!(count(1u32, "dag", "dagen"), "1 dag");
        assert_eq!(count(0u32, "dag", "dagen"), "0 dagen");
        assert_eq!(count(2u64, "bijlage", "bijlagen"), "2 bijlagen");
    }
}
