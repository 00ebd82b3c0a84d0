//! Glossary enumerations used by the guide and by tickets.

use serde::{Deserialize, Serialize};

macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $var),+ }

        impl $name {
            /// Every value, in glossary order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The snake_case name of the glossary.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $s),+ }
            }

            /// Parses the snake_case name.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$var),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocab! {
    /// 领域 (R-SCOPE-1).
    ///
    /// # Example
    /// ```
    /// use jiesu::guide::Domain;
    /// assert_eq!(Domain::parse("eco_environment"), Some(Domain::EcoEnvironment));
    /// assert_eq!(Domain::ALL.len(), 5);
    /// ```
    Domain {
        /// 经济调节.
        EconomicRegulation = "economic_regulation",
        /// 市场监管.
        MarketSupervision = "market_supervision",
        /// 社会管理.
        SocialManagement = "social_management",
        /// 公共服务.
        PublicService = "public_service",
        /// 生态环境保护.
        EcoEnvironment = "eco_environment",
    }
}

vocab! {
    /// 诉求类型 (R-SCOPE-1).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::AppealType::Report.as_str(), "report");
    /// ```
    AppealType {
        /// 咨询.
        Consultation = "consultation",
        /// 求助.
        Help = "help",
        /// 投诉.
        Complaint = "complaint",
        /// 举报.
        Report = "report",
        /// 意见建议.
        Suggestion = "suggestion",
    }
}

vocab! {
    /// 不予受理 reason codes (R-SCOPE-2).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::DeclineReason::ALL.len(), 10);
    /// ```
    DeclineReason {
        /// 诉讼.
        Litigation = "litigation",
        /// 仲裁.
        Arbitration = "arbitration",
        /// 纪检监察.
        DisciplineInspection = "discipline_inspection",
        /// 行政复议.
        AdministrativeReconsideration = "administrative_reconsideration",
        /// 政府信息公开.
        InformationDisclosure = "information_disclosure",
        /// 已进入信访渠道.
        PetitionChannel = "petition_channel",
        /// 国家秘密.
        StateSecret = "state_secret",
        /// 商业秘密.
        TradeSecret = "trade_secret",
        /// 个人隐私.
        PersonalPrivacy = "personal_privacy",
        /// 违反公序良俗.
        PublicOrder = "public_order",
    }
}

vocab! {
    /// 承办单位 kind.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::UnitKind::parse("township"), Some(jiesu::guide::UnitKind::Township));
    /// ```
    UnitKind {
        /// 乡镇.
        Township = "township",
        /// 县直部门 (and external utilities).
        Department = "department",
    }
}

vocab! {
    /// 承办角色 (R-SCOPE-4).
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::AssignmentRole::Lead.as_str(), "lead");
    /// ```
    AssignmentRole {
        /// 牵头单位.
        Lead = "lead",
        /// 责任单位.
        Responsible = "responsible",
        /// 配合单位.
        Cooperating = "cooperating",
    }
}

vocab! {
    /// Emergency services a request is handed over to.
    ///
    /// # Example
    /// ```
    /// assert_eq!(jiesu::guide::EmergencyService::parse("120"), Some(jiesu::guide::EmergencyService::Medical));
    /// ```
    EmergencyService {
        /// 110 police.
        #[serde(rename = "110")]
        Police = "110",
        /// 119 fire and rescue.
        #[serde(rename = "119")]
        Fire = "119",
        /// 120 medical emergency.
        #[serde(rename = "120")]
        Medical = "120",
        /// 122 traffic accident.
        #[serde(rename = "122")]
        Traffic = "122",
    }
}
