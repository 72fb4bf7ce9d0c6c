import Fluent
import Foundation
import Vapor

/// `serve --demo`: a realistic territory (Aude and Hérault) with structures at real towns, and demo accounts.
/// Names of people, e-mails (example.org) and phone numbers are invented.
enum DemoTerritory {
    static let password = "demo-maillage"
    static let animatorEmail = "animatrice@demo.maillage.fr"

    static let accounts: [DemoAccount] = [
        .init(email: animatorEmail, password: password, role: "Animatrice territoriale (Aude, Hérault)"),
        .init(email: "agent.ddets@demo.maillage.fr", password: password, role: "Agent public (DDETS de l'Aude)"),
        .init(email: "epicerie.narbonne@demo.maillage.fr", password: password, role: "Référente — Épicerie solidaire La Passerelle (Narbonne)"),
        .init(email: "banque.aude@demo.maillage.fr", password: password, role: "Référent — Banque Alimentaire de l'Aude"),
        .init(email: "ferme.corbieres@demo.maillage.fr", password: password, role: "Référente — Les Jardins des Corbières"),
        .init(email: "ccas.beziers@demo.maillage.fr", password: password, role: "Référent — CCAS de Béziers"),
    ]

    /// name, category, commune (as INSEE code), description, services, opening hours, storage kg (ambiant, frais, surgelé)
    typealias Row = (String, Category, String, String, String, String, [Double])

    static let rows: [Row] = [
        // Aide alimentaire
        (
            "Banque Alimentaire de l'Aude", .aideAlimentaire, "11069",
            "Collecte, stocke et redistribue les denrées aux associations partenaires de tout le département.",
            "Approvisionnement des associations, ramasse en grandes surfaces, collecte nationale, formation hygiène", "Mo-Fr 08:00-12:00,13:30-16:30",
            [60000, 12000, 8000]
        ),
        (
            "Banque Alimentaire de l'Hérault", .aideAlimentaire, "34172",
            "Plateforme départementale de collecte et de redistribution pour plus de 100 associations.",
            "Ramasse quotidienne, stockage froid, collecte nationale, accompagnement des épiceries", "Mo-Fr 07:30-16:00", [90000, 20000, 15000]
        ),
        (
            "Épicerie solidaire La Passerelle", .aideAlimentaire, "11262",
            "Épicerie solidaire du réseau ANDES : produits à 10–30 % du prix, ateliers cuisine et accompagnement budgétaire.",
            "Épicerie solidaire, ateliers cuisine, accompagnement budget, fruits et légumes frais", "Tu,Th 09:00-12:00; We 14:00-18:00", [3000, 600, 300]
        ),
        (
            "Restos du Cœur — centre de Narbonne", .aideAlimentaire, "11262",
            "Distribution de repas et de colis, accueil de jour, aide à l'inscription aux droits.",
            "Distribution alimentaire, bébés du cœur, accueil, aide aux démarches", "Mo,We,Fr 09:00-12:00", [8000, 1500, 1200]
        ),
        (
            "Restos du Cœur — centre de Carcassonne", .aideAlimentaire, "11069", "Centre de distribution et de lien social du quartier de la Bastide.",
            "Distribution alimentaire, coiffure solidaire, jardin", "Tu,Th 13:30-17:00", [7000, 1200, 1000]
        ),
        (
            "Restos du Cœur — centre de Béziers", .aideAlimentaire, "34032", "Distribution hebdomadaire et maraude l'hiver.",
            "Distribution alimentaire, maraude, vestiaire", "Mo,Th 09:00-12:00", [9000, 1800, 1500]
        ),
        (
            "Restos du Cœur — entrepôt départemental de l'Hérault", .aideAlimentaire, "34172", "Entrepôt qui approvisionne les centres du département.",
            "Stockage, logistique départementale, camion frigorifique", "Mo-Fr 08:00-16:00", [120000, 15000, 20000]
        ),
        (
            "Secours populaire — Carcassonne", .aideAlimentaire, "11069", "Libre-service solidaire et actions vacances pour les familles.",
            "Libre-service alimentaire, vestiaire, vacances familles", "We 09:00-12:00; Sa 09:00-12:00", [4000, 500, 400]
        ),
        (
            "Secours populaire — Béziers", .aideAlimentaire, "34032", "Comité local : aide alimentaire, accès à la culture et aux vacances.",
            "Colis alimentaires, libre-service, sorties", "Tu,Fr 14:00-17:00", [5000, 700, 500]
        ),
        (
            "Secours populaire — Sète", .aideAlimentaire, "34301", "Permanences d'accueil et libre-service solidaire.", "Libre-service, aide d'urgence",
            "Mo,Th 09:00-12:00", [3500, 400, 300]
        ),
        (
            "Secours catholique — Limoux", .aideAlimentaire, "11206", "Accueil, écoute et épicerie sociale pour le Limouxin.",
            "Accueil, épicerie sociale, accompagnement", "Tu 14:00-17:00", [1500, 200, 0]
        ),
        (
            "Secours catholique — Lodève", .aideAlimentaire, "34142", "Équipe locale : accueil de jour, repas partagés.",
            "Accueil de jour, repas partagés, jardin", "We,Fr 10:00-16:00", [1200, 150, 100]
        ),
        (
            "Croix-Rouge — unité locale de Castelnaudary", .aideAlimentaire, "11076", "Distribution alimentaire et aide d'urgence dans le Lauragais.",
            "Colis alimentaires, urgence, formation premiers secours", "Mo,Th 14:00-17:00", [2500, 300, 300]
        ),
        (
            "Croix-Rouge — unité locale de Lunel", .aideAlimentaire, "34145", "Épicerie sociale et vestiboutique.", "Épicerie sociale, vestiboutique, maraude",
            "Tu,Fr 09:00-12:00", [2000, 350, 250]
        ),
        (
            "Croix-Rouge — épicerie itinérante de la Haute Vallée", .aideAlimentaire, "11304",
            "Camion-épicerie qui passe dans les villages de la Haute Vallée de l'Aude.", "Épicerie itinérante, lien social en milieu rural", "We 09:00-17:00",
            [800, 300, 100]
        ),
        (
            "Épicerie solidaire du Lézignanais", .aideAlimentaire, "11203",
            "Épicerie solidaire associative pour les familles orientées par les travailleurs sociaux.", "Épicerie solidaire, ateliers", "Tu,Th 14:00-18:00",
            [1500, 300, 150]
        ),
        (
            "AGORAé — épicerie étudiante de Montpellier", .aideAlimentaire, "34172", "Épicerie solidaire étudiante et lieu de vie sur le campus.",
            "Épicerie étudiante, paniers, ateliers", "Mo-Fr 12:00-18:00", [1200, 300, 100]
        ),
        (
            "Épicerie sociale de Frontignan", .aideAlimentaire, "34108", "Épicerie sociale portée par le CCAS et des bénévoles.",
            "Épicerie sociale, ateliers cuisine", "Tu,Fr 09:00-12:00", [1000, 250, 100]
        ),
        (
            "Restos du Cœur — centre d'Agde", .aideAlimentaire, "34003", "Distribution et accueil des saisonniers en difficulté.",
            "Distribution alimentaire, accueil", "Tu,Fr 09:00-12:00", [4000, 800, 600]
        ),
        (
            "Secours populaire — Port-la-Nouvelle", .aideAlimentaire, "11266", "Antenne littorale : libre-service et aide d'urgence.", "Libre-service, urgence",
            "We 14:00-17:00", [1200, 150, 100]
        ),
        // Monde agricole
        (
            "Les Jardins des Corbières", .mondeAgricole, "11203", "Maraîchage biologique sur 4 ha ; surplus de saison proposés aux associations.",
            "Légumes de saison, glanage sur invitation, vente directe", "Mo-Sa 08:00-12:00", [2000, 800, 0]
        ),
        (
            "Vergers du Lauragais", .mondeAgricole, "11076", "Arboriculture (pommes, poires) ; fruits déclassés disponibles en saison.", "Fruits, glanage, jus",
            "Mo-Fr 08:00-17:00", [5000, 3000, 0]
        ),
        (
            "Cave coopérative de Limoux", .mondeAgricole, "11206", "Coopérative viticole ; partenaire des journées de glanage de raisin de table.",
            "Accueil de groupes, glanage", "Mo-Fr 09:00-12:00", [0, 0, 0]
        ),
        (
            "Chambre d'agriculture de l'Aude", .mondeAgricole, "11069", "Accompagnement des agriculteurs, mise en relation pour les dons agricoles.",
            "Conseil, mise en relation, défiscalisation des dons", "Mo-Fr 08:30-12:00,13:30-17:00", [0, 0, 0]
        ),
        (
            "Chambre d'agriculture de l'Hérault", .mondeAgricole, "34129", "Appui aux exploitations et aux projets alimentaires territoriaux.",
            "Conseil, PAT, circuits courts", "Mo-Fr 08:30-17:00", [0, 0, 0]
        ),
        (
            "SOLAAL Occitanie", .mondeAgricole, "34172", "Facilite les dons agricoles vers l'aide alimentaire.",
            "Mise en relation producteurs–associations, logistique des dons", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        (
            "AMAP du Narbonnais", .mondeAgricole, "11262", "Paniers hebdomadaires et paniers solidaires à prix adapté.", "Paniers, paniers solidaires",
            "We 18:00-19:30", [0, 0, 0]
        ),
        (
            "Ferme des Garrigues", .mondeAgricole, "34142", "Élevage ovin et légumineuses (pois chiches, lentilles).",
            "Légumineuses, agneau, accueil pédagogique", "Mo-Sa 09:00-18:00", [3000, 0, 500]
        ),
        (
            "Maraîchers de la Vallée de l'Hérault", .mondeAgricole, "34079", "Collectif de maraîchers ; invendus du marché du dimanche.",
            "Légumes, glanage, invendus de marché", "Su 07:00-13:00", [500, 400, 0]
        ),
        (
            "Confédération paysanne de l'Hérault", .mondeAgricole, "34172", "Syndicat agricole ; relaie les appels à glanage et à dons.",
            "Réseau de paysans, plaidoyer", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        (
            "Jeunes Agriculteurs de l'Aude", .mondeAgricole, "11069", "Syndicat des jeunes agriculteurs du département.", "Réseau, événements, dons",
            "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        (
            "Domaine des Salins — maraîchage", .mondeAgricole, "34154", "Maraîchage et melons ; surplus d'été importants.", "Melons, tomates, glanage",
            "Mo-Sa 07:00-12:00", [2000, 1500, 0]
        ),
        // Institutions
        (
            "DDETSPP de l'Aude", .institution, "11069",
            "Direction départementale de l'emploi, du travail, des solidarités et de la protection des populations.",
            "Aide alimentaire, appels à projets, contrôle sanitaire", "Mo-Fr 09:00-12:00,14:00-16:30", [0, 0, 0]
        ),
        (
            "DDETS de l'Hérault", .institution, "34172", "Direction départementale de l'emploi, du travail et des solidarités.",
            "Aide alimentaire, fonds Mieux manger pour tous", "Mo-Fr 09:00-12:00,14:00-16:30", [0, 0, 0]
        ),
        (
            "Département de l'Aude — direction des solidarités", .institution, "11069", "Action sociale, insertion, protection de l'enfance.",
            "Aides, chèques services, travailleurs sociaux", "Mo-Fr 08:30-17:30", [0, 0, 0]
        ),
        (
            "Département de l'Hérault — pôle des solidarités", .institution, "34172", "Solidarités départementales et agences territoriales.",
            "Action sociale, insertion", "Mo-Fr 08:30-17:30", [0, 0, 0]
        ),
        (
            "CCAS de Narbonne", .institution, "11262",
            "Anime le comité local des solidarités (10 réunions par an) avec l'État, le Département et les associations.",
            "Comité local des solidarités, aides facultatives, domiciliation", "Mo-Fr 08:30-12:00,13:30-17:00", [500, 200, 0]
        ),
        (
            "CCAS de Carcassonne", .institution, "11069", "Centre communal d'action sociale.", "Aides facultatives, épicerie sociale, domiciliation",
            "Mo-Fr 08:30-12:00,13:30-17:00", [0, 0, 0]
        ),
        (
            "CCAS de Béziers", .institution, "34032", "Centre communal d'action sociale, coordination de l'aide alimentaire municipale.",
            "Aides, coordination, bons alimentaires", "Mo-Fr 08:30-17:00", [300, 100, 0]
        ),
        (
            "CCAS de Montpellier", .institution, "34172", "Action sociale de la ville ; groupe de travail local alimentation et cohésion sociale.",
            "Aides, domiciliation, groupe de travail alimentation", "Mo-Fr 08:30-17:00", [0, 0, 0]
        ),
        ("CCAS de Sète", .institution, "34301", "Centre communal d'action sociale.", "Aides, accompagnement", "Mo-Fr 08:30-12:00,13:30-17:00", [0, 0, 0]),
        (
            "CAF de l'Aude", .institution, "11069", "Caisse d'allocations familiales.", "Prestations, accompagnement des familles, appels à projets",
            "Mo-Fr 08:30-16:00", [0, 0, 0]
        ),
        (
            "MSA Grand Sud", .institution, "11069", "Mutualité sociale agricole de l'Aude et des Pyrénées-Orientales.",
            "Protection sociale agricole, action sanitaire et sociale", "Mo-Fr 08:30-16:30", [0, 0, 0]
        ),
        (
            "Le Grand Narbonne — communauté d'agglomération", .institution, "11262", "Porte le projet alimentaire territorial du Narbonnais.",
            "PAT, cuisine centrale, économie sociale et solidaire", "Mo-Fr 08:30-17:00", [0, 0, 0]
        ),
        (
            "Montpellier Méditerranée Métropole — politique agricole et alimentaire", .institution, "34172",
            "Politique agroécologique et alimentaire de la métropole.", "PAT, marchés, restauration collective", "Mo-Fr 08:30-17:00", [0, 0, 0]
        ),
        (
            "DRAAF Occitanie — site de Montpellier", .institution, "34172", "Interlocuteur de l'État pour les projets alimentaires territoriaux.",
            "PAT, appels à projets, alimentation", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        (
            "Carcassonne Agglo", .institution, "11069", "Communauté d'agglomération du Carcassonnais.", "Cohésion sociale, politique de la ville",
            "Mo-Fr 08:30-17:00", [0, 0, 0]
        ),
        // Éducation & social
        (
            "Centre social Saint-Jean-Saint-Pierre", .educationSocial, "11262", "Centre social du quartier prioritaire ; ateliers parents-enfants.",
            "Ateliers, accompagnement scolaire, jardin partagé", "Mo-Fr 09:00-18:00", [200, 100, 0]
        ),
        (
            "MJC de Castelnaudary", .educationSocial, "11076", "Maison des jeunes et de la culture.", "Ateliers jeunes, cuisine, culture", "Mo-Sa 10:00-19:00",
            [0, 0, 0]
        ),
        (
            "Mission locale Ouest Audois", .educationSocial, "11069", "Accompagnement des 16–25 ans vers l'emploi et l'autonomie.",
            "Accompagnement, aide d'urgence, logement", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        (
            "Lycée agricole Charlemagne", .educationSocial, "11069", "Lycée d'enseignement agricole ; exploitation et cuisine pédagogique.",
            "Formation, exploitation agricole, projets élèves", "Mo-Fr 08:00-18:00", [0, 0, 0]
        ),
        (
            "Université de Montpellier — service de la vie étudiante", .educationSocial, "34172",
            "Lutte contre la précarité alimentaire étudiante avec le CROUS et les associations.", "Aides étudiantes, distribution, épicerie partenaire",
            "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        (
            "Centre social La Devèze", .educationSocial, "34032", "Centre social du quartier de la Devèze.", "Ateliers cuisine, accès aux droits",
            "Mo-Fr 09:00-18:00", [100, 50, 0]
        ),
        (
            "Mission locale du Cœur d'Hérault", .educationSocial, "34142", "Accompagnement des jeunes du Lodévois et du Clermontais.",
            "Accompagnement, mobilité", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        (
            "Centre social de Lunel", .educationSocial, "34145", "Centre social intercommunal.", "Animation, parentalité, ateliers", "Mo-Fr 09:00-18:00",
            [0, 0, 0]
        ),
        // Distribution & entreprises
        (
            "Biocoop Narbonne", .distributionEntreprises, "11262", "Magasin bio ; dons quotidiens des invendus frais.", "Dons d'invendus, mécénat",
            "Mo-Sa 09:00-19:30", [0, 0, 0]
        ),
        (
            "Hypermarché du Carcassonnais", .distributionEntreprises, "11069", "Grande surface partenaire de la ramasse de la Banque Alimentaire.",
            "Dons d'invendus, collecte nationale", "Mo-Sa 08:30-21:00", [0, 0, 0]
        ),
        (
            "Supermarché des Allées — Béziers", .distributionEntreprises, "34032", "Supermarché de centre-ville, dons de produits à date courte.",
            "Dons d'invendus", "Mo-Sa 08:30-20:00", [0, 0, 0]
        ),
        (
            "Marché d'intérêt national de Montpellier", .distributionEntreprises, "34172",
            "Marché de gros ; fruits et légumes invendus récupérables chaque matin.", "Invendus fruits et légumes, logistique", "Mo-Fr 04:00-11:00",
            [0, 2000, 0]
        ),
        (
            "Coopérative des Vignerons d'Occitanie (mécénat)", .distributionEntreprises, "11203",
            "Entreprise engagée (RSE) : mécénat de compétences et prêt de véhicules.", "Mécénat, prêt de véhicule", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        (
            "Transports Audois Solidaires", .distributionEntreprises, "11206",
            "Entreprise de transport qui met à disposition un camion frigorifique le samedi.", "Prêt de camion frigorifique, chauffeurs bénévoles",
            "Sa 07:00-13:00", [0, 0, 0]
        ),
        (
            "Crédit coopératif — agence de Montpellier", .distributionEntreprises, "34172", "Banque partenaire des associations et de l'ESS.",
            "Financement, mécénat", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        // Santé
        (
            "CPAM de l'Aude — prévention", .sante, "11069", "Actions de prévention santé et alimentation.", "Prévention, bilans de santé, ateliers nutrition",
            "Mo-Fr 08:30-16:30", [0, 0, 0]
        ),
        (
            "Maison de santé pluriprofessionnelle de Quillan", .sante, "11304", "Médecins, infirmiers, diététicienne ; ateliers nutrition.",
            "Consultations, ateliers nutrition", "Mo-Fr 08:00-19:00", [0, 0, 0]
        ),
        (
            "Diététicienne solidaire — Montpellier", .sante, "34172", "Consultations diététiques à tarif solidaire et ateliers dans les épiceries.",
            "Consultations, ateliers, formation des bénévoles", "Tu,Th 09:00-17:00", [0, 0, 0]
        ),
        (
            "Réseau nutrition santé Hérault", .sante, "34032", "Réseau de prévention obésité et diabète.", "Prévention, éducation thérapeutique",
            "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        ("Centre de santé de Lézignan-Corbières", .sante, "11203", "Centre de santé municipal.", "Consultations, prévention", "Mo-Fr 08:00-18:00", [0, 0, 0]),
        // Cuisine
        (
            "Cuisine centrale du Grand Narbonne", .cuisine, "11262", "Prépare 6 000 repas par jour pour les écoles ; excédents proposés aux associations.",
            "Restauration scolaire, dons d'excédents, légumerie", "Mo-Fr 06:00-14:00", [5000, 3000, 2000]
        ),
        (
            "Restaurant universitaire Triolet (CROUS)", .cuisine, "34172", "Restaurant universitaire : repas à 1 € pour les étudiants boursiers.",
            "Repas étudiants, dons d'excédents", "Mo-Fr 11:30-14:00", [0, 800, 500]
        ),
        (
            "Le Petit Resto solidaire", .cuisine, "34301", "Restaurant d'insertion ; cuisine des produits locaux et de récupération.",
            "Repas solidaires, insertion, ateliers", "Mo-Fr 12:00-14:00", [300, 200, 100]
        ),
        (
            "Chef·fes engagé·es du Carcassonnais", .cuisine, "11069", "Collectif de cuisiniers qui animent des ateliers cuisine dans les quartiers.",
            "Ateliers cuisine, formation des bénévoles", "Sa 09:00-13:00", [0, 0, 0]
        ),
        (
            "Traiteur d'insertion Les Toques Solidaires", .cuisine, "34032", "Traiteur d'insertion ; transforme les surplus en plats.",
            "Traiteur, transformation, insertion", "Mo-Fr 07:00-15:00", [500, 600, 400]
        ),
        // Logistique & transformation
        (
            "Légumerie solidaire du Narbonnais", .logistiqueTransformation, "11266", "Légumerie d'insertion : lavage, épluchage, conditionnement des surplus.",
            "Transformation, conditionnement, insertion", "Mo-Fr 07:00-15:00", [3000, 2500, 1000]
        ),
        (
            "Conserverie mobile solidaire", .logistiqueTransformation, "11206", "Conserverie mobile qui se déplace chez les producteurs et les associations.",
            "Mise en conserve, bocaux, stérilisation", "Mo-Fr 08:00-17:00", [2000, 0, 0]
        ),
        (
            "Plateforme logistique solidaire de l'Hérault", .logistiqueTransformation, "34129", "Entrepôt mutualisé et chambre froide partagée.",
            "Chambre froide partagée, stockage, transport", "Mo-Fr 06:00-18:00", [40000, 10000, 6000]
        ),
        (
            "Transport solidaire du Biterrois", .logistiqueTransformation, "34032", "Association de transport de denrées avec chauffeurs bénévoles.",
            "Transport, tournées, camions", "Mo-Sa 07:00-17:00", [0, 0, 0]
        ),
        (
            "Chambre froide partagée de Castelnaudary", .logistiqueTransformation, "11076", "Chambre froide mutualisée entre trois associations du Lauragais.",
            "Stockage froid partagé", "Mo-Fr 08:00-18:00", [0, 4000, 2000]
        ),
        // Recherche
        (
            "INRAE — centre Occitanie-Montpellier", .recherche, "34172", "Recherche sur les systèmes alimentaires durables et la précarité alimentaire.",
            "Recherche, évaluation, données", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        (
            "Institut Agro Montpellier", .recherche, "34172", "École et recherche en agronomie et alimentation ; chaire Unesco alimentations du monde.",
            "Recherche, formation, évaluation", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        ("CIRAD Montpellier", .recherche, "34172", "Recherche agronomique pour le développement.", "Recherche, expertise", "Mo-Fr 09:00-17:00", [0, 0, 0]),
        (
            "Laboratoire de sociologie de l'alimentation — Université Paul-Valéry", .recherche, "34172", "Recherches sur le recours à l'aide alimentaire.",
            "Recherche, enquêtes", "Mo-Fr 09:00-17:00", [0, 0, 0]
        ),
        // Habitants
        (
            "Conseil citoyen Saint-Jean-Saint-Pierre", .habitants, "11262", "Habitants du quartier prioritaire ; co-construction des actions alimentaires.",
            "Parole des habitants, ateliers", "We 18:00-20:00", [0, 0, 0]
        ),
        (
            "Collectif d'habitants de la Mosson", .habitants, "34172", "Groupement d'achats et cuisine partagée dans le quartier de la Mosson.",
            "Groupement d'achats, cuisine partagée", "Sa 10:00-13:00", [200, 0, 0]
        ),
        ("Conseil citoyen du Viguier", .habitants, "11069", "Conseil citoyen du quartier du Viguier.", "Parole des habitants", "Th 18:00-20:00", [0, 0, 0]),
        (
            "Association des habitants de la Devèze", .habitants, "34032", "Jardin partagé et repas de quartier.", "Jardin partagé, repas", "Sa 09:00-12:00",
            [0, 0, 0]
        ),
        (
            "Groupement d'achats citoyen VRAC Montpellier", .habitants, "34172",
            "Groupement d'achats de produits bio et locaux pour les habitants des quartiers prioritaires.", "Groupement d'achats, épicerie éphémère",
            "Fr 16:00-19:00", [500, 0, 0]
        ),
        (
            "Comité des usagers de l'aide alimentaire de l'Aude", .habitants, "11203", "Personnes concernées qui donnent leur avis sur l'aide alimentaire.",
            "Parole des personnes concernées", "Mo 14:00-16:00", [0, 0, 0]
        ),
    ]

    /// A few structures waiting for the animator, to show the validation queue.
    static let pendingRows: [Row] = [
        (
            "Épicerie solidaire de Sigean", .aideAlimentaire, "11379", "Nouvelle épicerie solidaire en cours d'ouverture.", "Épicerie solidaire",
            "We 14:00-18:00", [800, 200, 0]
        ),
        ("Jardin partagé de Pézenas", .habitants, "34199", "Jardin partagé ouvert aux habitants.", "Jardinage, légumes", "Sa 09:00-12:00", [0, 0, 0]),
        (
            "Ferme du Plateau de Sault", .mondeAgricole, "11304", "Pommes de terre et petits fruits de montagne.", "Pommes de terre, glanage",
            "Mo-Sa 08:00-18:00", [4000, 500, 0]
        ),
    ]

    static let streets = [
        "avenue de la République", "rue Jean Jaurès", "boulevard Gambetta", "rue Victor Hugo", "place de la Mairie",
        "avenue du Général de Gaulle", "rue des Écoles", "chemin des Vignes", "rue Pasteur", "allée des Platanes",
    ]
    /// First names with whether the person is a woman, so that "Présidente" goes with Claire and "Président" with Karim.
    static let firstNames: [(String, Bool)] = [
        ("Claire", true), ("Karim", false), ("Sophie", true), ("Mathieu", false), ("Nadia", true), ("Julien", false), ("Élodie", true),
        ("Hugo", false), ("Fatima", true), ("Pierre", false), ("Léa", true), ("Sébastien", false), ("Inès", true), ("Laurent", false),
        ("Camille", true),
    ]
    static let lastNames = [
        "Martin", "Benali", "Roux", "Fabre", "Garcia", "Vidal", "Castel", "Mercier", "Durand", "Pujol", "Rey", "Delmas", "Ferrer", "Bonnet", "Cazals",
    ]

    /// The two interlocutors a structure of each category names: who leads it, and who one calls day to day
    /// (masculine, feminine).
    static func roles(_ category: Category) -> [(String, String)] {
        switch category {
        case .aideAlimentaire: [("Responsable de l'antenne", "Responsable de l'antenne"), ("Coordinateur des bénévoles", "Coordinatrice des bénévoles")]
        case .mondeAgricole: [("Exploitant", "Exploitante"), ("Chargé des dons et du glanage", "Chargée des dons et du glanage")]
        case .institution: [("Chef de service", "Cheffe de service"), ("Chargé de mission solidarités", "Chargée de mission solidarités")]
        case .educationSocial: [("Directeur", "Directrice"), ("Animateur", "Animatrice")]
        case .distributionEntreprises: [("Directeur du magasin", "Directrice du magasin"), ("Référent dons et invendus", "Référente dons et invendus")]
        case .sante: [("Coordinateur de projets", "Coordinatrice de projets"), ("Diététicien", "Diététicienne")]
        case .cuisine: [("Chef de cuisine", "Cheffe de cuisine"), ("Responsable des achats", "Responsable des achats")]
        case .logistiqueTransformation: [("Responsable d'exploitation", "Responsable d'exploitation"), ("Chauffeur référent", "Chauffeuse référente")]
        case .recherche: [("Chercheur", "Chercheuse"), ("Ingénieur d'études", "Ingénieure d'études")]
        case .habitants: [("Président", "Présidente"), ("Référent du collectif", "Référente du collectif")]
        }
    }

    /// The k-th invented person: every (first name, last name) pair at most once for k < 225.
    static func person(_ k: Int) -> (first: String, last: String, woman: Bool) {
        let (q, a) = (k / firstNames.count, k % firstNames.count)
        let (first, woman) = firstNames[a]
        return (first, lastNames[(q + 7 * a) % lastNames.count], woman)
    }

    /// Closures that make the hours feel real: the summer break of an épicerie, the year-end break of a comité.
    static func closures(now: Date) -> [String: String] {
        let today = LocalTime.moment(now, departement: "11").date.components
        let summer = today.month > 8 ? today.year + 1 : today.year
        let winter = today.month == 1 && today.day <= 3 ? today.year - 1 : today.year
        return [
            "Épicerie solidaire La Passerelle": "\(summer) Aug 01-\(summer) Aug 21 off \"Congés d'été : reprise le mardi suivant le 21 août\"",
            "Secours populaire — Béziers": "\(winter) Dec 22-\(winter + 1) Jan 03 off \"Fermeture de fin d'année, colis d'urgence au CCAS de Béziers\"",
        ]
    }

    static let partnerships: [(String, String, String)] = [
        ("Banque Alimentaire de l'Aude", "Épicerie solidaire La Passerelle", "approvisionnement hebdomadaire"),
        ("Banque Alimentaire de l'Aude", "Restos du Cœur — centre de Narbonne", "échanges de surplus"),
        ("Banque Alimentaire de l'Aude", "Secours populaire — Carcassonne", "approvisionnement"),
        ("Banque Alimentaire de l'Aude", "Épicerie solidaire du Lézignanais", "approvisionnement"),
        ("Banque Alimentaire de l'Hérault", "Secours populaire — Béziers", "approvisionnement"),
        ("Banque Alimentaire de l'Hérault", "AGORAé — épicerie étudiante de Montpellier", "approvisionnement"),
        ("Banque Alimentaire de l'Hérault", "Plateforme logistique solidaire de l'Hérault", "transport mutualisé"),
        ("Les Jardins des Corbières", "Épicerie solidaire La Passerelle", "dons de légumes"),
        ("SOLAAL Occitanie", "Banque Alimentaire de l'Hérault", "dons agricoles"),
        ("SOLAAL Occitanie", "Maraîchers de la Vallée de l'Hérault", "glanage"),
        ("Cuisine centrale du Grand Narbonne", "Restos du Cœur — centre de Narbonne", "excédents de repas"),
        ("Cuisine centrale du Grand Narbonne", "Légumerie solidaire du Narbonnais", "légumes préparés"),
        ("Le Grand Narbonne — communauté d'agglomération", "Cuisine centrale du Grand Narbonne", "projet alimentaire territorial"),
        ("CCAS de Narbonne", "Épicerie solidaire La Passerelle", "comité local des solidarités"),
        ("CCAS de Narbonne", "DDETSPP de l'Aude", "comité local des solidarités"),
        ("CCAS de Béziers", "Secours populaire — Béziers", "coordination municipale"),
        ("CCAS de Béziers", "Transport solidaire du Biterrois", "livraisons"),
        ("DDETS de l'Hérault", "Banque Alimentaire de l'Hérault", "convention aide alimentaire"),
        ("Département de l'Aude — direction des solidarités", "CCAS de Carcassonne", "aides sociales"),
        ("Diététicienne solidaire — Montpellier", "AGORAé — épicerie étudiante de Montpellier", "ateliers nutrition"),
        ("INRAE — centre Occitanie-Montpellier", "Collectif d'habitants de la Mosson", "recherche participative"),
        ("Chambre froide partagée de Castelnaudary", "Croix-Rouge — unité locale de Castelnaudary", "prêt de chambre froide"),
        ("Biocoop Narbonne", "Épicerie solidaire La Passerelle", "ramasse des invendus"),
        ("Hypermarché du Carcassonnais", "Restos du Cœur — centre de Carcassonne", "ramasse des invendus"),
    ]

    static func seed(_ demo: DemoContext) async throws {
        let db = demo.db
        let hash = demo.passwordHash
        let table = CommuneTable.shared
        try await db.writeTransaction { tx in
            let territories = try await Territory.query(on: tx).filter(\.$code ~~ ["11", "34"]).all()
            let territoryByCode = Dictionary(territories.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            var orgsByName: [String: UUID] = [:]
            // The people of the demo accounts, as their fiches name them.
            // (The public agents' roles are their job titles, as their profiles say.)
            let people: [String: (first: String, last: String, woman: Bool, role: String?)] = [
                "Épicerie solidaire La Passerelle": ("Claire", "Martin", true, "Coordinatrice"),
                "Banque Alimentaire de l'Aude": ("Karim", "Benali", false, "Responsable logistique"),
                "Les Jardins des Corbières": ("Sophie", "Roux", true, nil), "CCAS de Béziers": ("Mathieu", "Fabre", false, "Responsable de l'aide alimentaire"),
                "DDETSPP de l'Aude": ("Bruno", "Sabatier", false, "Chargé de mission aide alimentaire"),
                "DRAAF Occitanie — site de Montpellier": ("Nadia", "Ferrand", true, "Référente projets alimentaires territoriaux"),
                "CAF de l'Aude": ("Julien", "Marty", false, "Conseiller action sociale"),
                "Département de l'Aude — direction des solidarités": ("Hélène", "Caussat", true, "Cheffe de service insertion"),
                "DDETS de l'Hérault": ("Olivier", "Peyre", false, "Chargé de mission aide alimentaire"),
            ]
            let reserved = Set(people.values.map { "\($0.first) \($0.last)" } + ["Amandine Rivière"])
            var nextPerson = 0
            let closures = closures(now: Date())
            for (i, row) in (rows + pendingRows).enumerated() {
                guard let commune = table.commune(insee: row.2), let territory = territoryByCode[commune.departement], let territoryID = territory.id else {
                    continue
                }
                let org = Organization()
                org.name = row.0
                org.category = row.1.rawValue
                org.summary = row.3
                org.services = row.4
                // Associations and services alike close on public holidays.
                org.openingHours = row.5.isEmpty ? "" : row.5 + "; PH off" + (closures[row.0].map { "; " + $0 } ?? "")
                org.address = "\(3 + (i * 7) % 60) \(streets[i % streets.count])"
                org.postalCode = commune.postalCodes.first ?? ""
                org.commune = commune.name
                org.inseeCode = commune.insee
                // Spread structures of the same town over a couple of kilometres so markers do not overlap.
                let angle = Double(i) * 2.399963
                let radius = 0.004 + 0.0025 * Double(i % 5)
                org.latitude = commune.point.latitude + radius * sin(angle)
                org.longitude = commune.point.longitude + radius * cos(angle) * 1.35
                let slug = TextFolding.slug(row.0).prefix(40)
                org.email = "contact@\(slug).example.org"
                org.phone = String(
                    format: "04 %@ %02d %02d %02d", commune.departement == "11" ? "68" : "67", (i * 13) % 90 + 10, (i * 29) % 90 + 10, (i * 7) % 90 + 10)
                org.status = (i < rows.count ? OrganizationStatus.validated : .pending).rawValue
                try await org.create(on: tx)
                let id = try org.requireID()
                orgsByName[row.0] = id
                let link = OrganizationTerritory()
                link.$organization.id = id
                link.$territory.id = territoryID
                try await link.create(on: tx)
                for (t, kg) in zip(TemperatureClass.allCases, row.6) where kg > 0 {
                    try await Capacity(organizationID: id, temperature: t, capacityKg: kg, note: "").create(on: tx)
                }
                // Two people a fiche names, never the same person twice; the demo accounts are their fiches' first.
                var named: Set<String> = []
                for (r, role) in roles(row.1).enumerated() {
                    var who = person(nextPerson)
                    var knownRole: String?
                    if r == 0, let known = people[row.0] {
                        who = (known.first, known.last, known.woman)
                        knownRole = known.role
                    } else {
                        // Nor two people of the same first name on one fiche.
                        while reserved.contains("\(who.first) \(who.last)") || named.contains(who.first) {
                            nextPerson += 1
                            who = person(nextPerson)
                        }
                        nextPerson += 1
                    }
                    let title = knownRole ?? (who.woman ? role.1 : role.0)
                    named.insert(who.first)
                    try await Contact(
                        organizationID: id, name: "\(who.first) \(who.last)", role: title,
                        email: "\(TextFolding.slug(who.first)).\(TextFolding.slug(who.last))@\(slug).example.org",
                        phone: r == 0
                            ? org.phone
                            : String(format: "06 %02d %02d %02d %02d", (i * 17) % 90 + 10, (i * 31) % 90 + 10, (i * 11) % 90 + 10, (i * 3) % 90 + 10)
                    ).create(on: tx)
                }
            }

            func account(_ email: String, _ name: String, admin: Bool = false) async throws -> UUID {
                let user = User(email: email, name: name, passwordHash: hash, isAdmin: admin)
                user.emailVerifiedAt = Date()
                try await user.create(on: tx)
                return try user.requireID()
            }
            let animator = try await account(animatorEmail, "Amandine Rivière")
            for t in territories { try await TerritoryRole(userID: animator, territoryID: try t.requireID(), role: .animator).create(on: tx) }
            // Who to call for what in the State and local services (seed 004), each with a named person.
            let agents:
                [(
                    email: String, name: String, territory: String, service: PublicService, serviceName: String, fiche: String, title: String, phone: String,
                    domains: [AgentDomain]
                )] = [
                    (
                        "agent.ddets@demo.maillage.fr", "Bruno Sabatier", "11", .ddets, "DDETSPP de l'Aude", "DDETSPP de l'Aude",
                        "Chargé de mission aide alimentaire", "04 68 71 20 01", [.foodAid, .funding, .hygiene]
                    ),
                    (
                        "agent.draaf@demo.maillage.fr", "Nadia Ferrand", "34", .draaf, "DRAAF Occitanie", "DRAAF Occitanie — site de Montpellier",
                        "Référente projets alimentaires territoriaux", "04 67 10 19 02", [.pat, .agriculture, .funding]
                    ),
                    (
                        "agent.caf11@demo.maillage.fr", "Julien Marty", "11", .caf, "CAF de l'Aude", "CAF de l'Aude", "Conseiller action sociale",
                        "04 68 11 57 03", [.families, .funding]
                    ),
                    (
                        "agent.cd11@demo.maillage.fr", "Hélène Caussat", "11", .departement, "Département de l'Aude",
                        "Département de l'Aude — direction des solidarités",
                        "Cheffe de service insertion", "04 68 11 68 04", [.insertion, .foodAid, .housing]
                    ),
                    (
                        "agent.ddets34@demo.maillage.fr", "Olivier Peyre", "34", .ddets, "DDETS de l'Hérault", "DDETS de l'Hérault",
                        "Chargé de mission aide alimentaire", "04 67 22 88 05", [.foodAid, .funding]
                    ),
                ]
            for a in agents {
                let user = try await account(a.email, a.name)
                guard let territory = territoryByCode[a.territory] else { continue }
                try await TerritoryRole(userID: user, territoryID: try territory.requireID(), role: .publicAgent).create(on: tx)
                let profile = PublicAgentProfile()
                profile.$user.id = user
                profile.service = a.service.rawValue
                profile.serviceName = a.serviceName
                profile.jobTitle = a.title
                profile.phone = a.phone
                profile.domains = a.domains.map(\.rawValue).joined(separator: ",")
                profile.$organization.id = orgsByName[a.fiche]
                try await profile.create(on: tx)
            }
            let referents: [(String, String, String)] = [
                ("epicerie.narbonne@demo.maillage.fr", "Claire Martin", "Épicerie solidaire La Passerelle"),
                ("banque.aude@demo.maillage.fr", "Karim Benali", "Banque Alimentaire de l'Aude"),
                ("ferme.corbieres@demo.maillage.fr", "Sophie Roux", "Les Jardins des Corbières"),
                ("ccas.beziers@demo.maillage.fr", "Mathieu Fabre", "CCAS de Béziers"),
            ]
            for (email, name, orgName) in referents {
                let user = try await account(email, name)
                if let org = orgsByName[orgName] { try await Membership(userID: user, organizationID: org, role: .referent).create(on: tx) }
            }
            // Who already works with whom (seed 002 §1), so the cooperation graph has a history; some stay isolated.
            let now = Date()
            for (k, (a, b, what)) in partnerships.enumerated() {
                guard let x = orgsByName[a], let y = orgsByName[b] else { continue }
                let p = Partnership()
                p.$organization.id = x
                p.$partner.id = y
                p.summary = what
                p.since = now.addingTimeInterval(-Double(30 + (k * 47) % 700) * 86_400)
                p.confirmedAt = p.since
                try await p.create(on: tx)
            }
        }
        try await firstImport(demo)
        demo.app.directoryIndex.invalidate()
    }

    /// The territory's first data·inclusion import, run by the real importer as an operator would: DORA publishes
    /// the Restos du Cœur of Narbonne a second time (a duplicate for the animator to compare and merge) and a day
    /// shelter nobody holds yet (a fiche its team can claim).
    static func firstImport(_ demo: DemoContext) async throws {
        guard let restos = try await Organization.query(on: demo.db).filter(\.$name == "Restos du Cœur — centre de Narbonne").first() else { return }
        func json(_ fields: [String: JSONValue]) -> String { CanonicalJSON.text(.object(fields)) }
        let records = [
            json([
                "source": .string("dora"), "id": .string("dora--restos-du-coeur-narbonne"), "nom": .string(restos.name),
                "date_maj": .string("2026-09-14"), "code_insee": .string("11262"), "code_postal": .string("11100"), "commune": .string("Narbonne"),
                "adresse": .string("12 rue Jean Jaurès"), "latitude": .number(restos.latitude + 0.0003, isInteger: false),
                "longitude": .number(restos.longitude, isInteger: false),
                "telephone": .string("0468324051"), "horaires_accueil": .string("Mo,We,Fr 09:00-12:00"),
                "presentation_resume": .string("Distribution alimentaire et accueil, inscriptions le lundi matin."),
                "reseaux_porteurs": .array([.string("restos-du-coeur")]),
            ]),
            json([
                "source": .string("dora"), "id": .string("dora--accueil-de-jour-le-phare"), "nom": .string("Accueil de jour Le Phare"),
                "date_maj": .string("2026-10-02"), "code_insee": .string("11262"), "code_postal": .string("11100"), "commune": .string("Narbonne"),
                "adresse": .string("5 rue du Pont des Marchands"), "horaires_accueil": .string("Mo-Fr 08:30-12:30"),
                "presentation_resume": .string("Petit-déjeuner, douches, domiciliation et orientation pour les personnes sans domicile."),
            ]),
        ]
        let text = "[" + records.joined(separator: ",") + "]"
        let plan = try Array(text.utf8).withUnsafeBytes { try DataInclusion.plan(structures: $0, services: nil) }
        _ = try await DataInclusionImporter.run(plan: plan, territoryCode: "11", viewer: nil, on: demo.db)
    }
}
